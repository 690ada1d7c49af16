/**
 * Webhook notifications against a real HTTP receiver on 127.0.0.1: Slack and generic JSON bodies,
 * retry with backoff after failures, a timeout, the rate limit, the URL kept out of every log line,
 * and the whole path from a killed process to a firing and a resolved notification.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AlertEvent, AlertView } from '../../src/core/alerts/model';
import type { WebhookConfig } from '../../src/core/alerts/parseWebhooks';
import { createStackEngine, loadStackFromDisk } from '../../src/infra/createStackEngine';
import { createMonitor } from '../../src/infra/metrics/createMonitor';
import { createNotifiers } from '../../src/infra/notify/createNotifiers';
import { webhookEnv } from '../../src/infra/metrics/webhookEnv';
import { WebhookNotifier } from '../../src/infra/notify/WebhookNotifier';
import { useMonitoredRun } from './monitoredRun';
import { freePort, SVC, tempDir, waitFor } from './testKit';

interface Received {
  at: number;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A receiver whose answer to the n-th request (0-based) is decided by `answer`; 'hang' never answers. */
async function receiver(
  answer: (n: number) => number | 'hang' = () => 200,
): Promise<{ server: Server; base: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const hanging: ServerResponse[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      got.push({ at: Date.now(), path: req.url ?? '', headers: req.headers, body: JSON.parse(data) as Record<string, unknown> });
      const a = answer(n++);
      if (a === 'hang') hanging.push(res);
      else res.writeHead(a, { 'content-type': 'text/plain' }).end(a === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    base,
    got,
    close: () =>
      new Promise<void>((r) => {
        for (const h of hanging) h.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const SECRET_PATH = '/services/T0SECRET/B0SECRET/xoxbSECRETtoken';

function collector() {
  const lines: string[] = [];
  const log = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  return { lines, logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') } };
}

const hook = (over: Partial<WebhookConfig> = {}): WebhookConfig => ({
  name: 'test',
  urlEnv: 'HOOK_URL',
  format: 'json',
  events: ['firing', 'resolved', 'escalated'],
  minSeverity: 'info',
  timeoutMs: 2000,
  retries: 3,
  backoffMs: 100,
  rateLimit: { max: 100, perMs: 60_000 },
  ...over,
});

function event(kind: AlertEvent['kind'], over: Partial<AlertView> = {}): AlertEvent {
  const alert: AlertView = {
    key: 'service-down/api',
    ruleId: 'service-down',
    service: 'api',
    metric: 'up',
    state: kind === 'resolved' ? 'inactive' : 'firing',
    severity: 'critical',
    value: 0,
    threshold: 0,
    summary: 'Service is down <api> & co',
    activeSince: Date.UTC(2026, 0, 1),
    firingSince: Date.UTC(2026, 0, 1),
    acknowledged: false,
    escalated: false,
    inhibitedBy: [],
    ...over,
  };
  return { kind, at: Date.UTC(2026, 0, 1, 0, 0, 5), alert, notify: true };
}

describe('webhook notifications (real HTTP receiver on 127.0.0.1)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function setup(answer?: (n: number) => number | 'hang', over: Partial<WebhookConfig> = {}) {
    const r = await receiver(answer);
    cleanups.push(() => r.close());
    const log = collector();
    const n = new WebhookNotifier({ ...hook(over), url: `${r.base}${SECRET_PATH}` }, 'shop', log.logger);
    cleanups.push(() => n.dispose());
    return { r, n, log };
  }

  it('posts generic JSON and Slack-compatible bodies', async () => {
    const { r, n } = await setup();
    n.notify(event('firing'));
    await n.drain();
    assert.equal(r.got.length, 1);
    assert.equal(r.got[0].path, SECRET_PATH);
    assert.equal(r.got[0].headers['content-type'], 'application/json');
    assert.deepEqual(r.got[0].body, {
      version: 1,
      source: 'stackpilot',
      stack: 'shop',
      event: 'firing',
      at: '2026-01-01T00:00:05.000Z',
      alert: {
        key: 'service-down/api',
        rule: 'service-down',
        service: 'api',
        severity: 'critical',
        metric: 'up',
        value: 0,
        threshold: 0,
        summary: 'Service is down <api> & co',
        activeSince: '2026-01-01T00:00:00.000Z',
        firingSince: '2026-01-01T00:00:00.000Z',
        acknowledged: false,
        escalated: false,
      },
    });

    const slack = await setup(undefined, { format: 'slack' });
    slack.n.notify(event('resolved'));
    await slack.n.drain();
    const body = slack.r.got[0].body as { text: string; blocks: { type: string; text?: { type: string; text: string } }[] };
    assert.equal(body.text, ':large_green_circle: [critical] api: Service is down &lt;api&gt; &amp; co (resolved) — stack shop');
    assert.equal(body.blocks[0].type, 'section');
    assert.equal(body.blocks[0].text?.type, 'mrkdwn');
    assert.equal(body.blocks[1].type, 'context');
    assert.deepEqual(
      [n.stats, slack.n.stats],
      [
        { sent: 1, failed: 0, dropped: 0, attempts: 1 },
        { sent: 1, failed: 0, dropped: 0, attempts: 1 },
      ],
    );
  });

  it('retries with exponential backoff after failures, then delivers once', async () => {
    const { r, n, log } = await setup((i) => (i < 2 ? 503 : 200), { backoffMs: 150 });
    n.notify(event('firing'));
    await n.drain();
    assert.equal(r.got.length, 3);
    const gaps = [r.got[1].at - r.got[0].at, r.got[2].at - r.got[1].at];
    assert.ok(gaps[0] >= 140 && gaps[1] >= 290, `backoff gaps ${gaps.join(', ')} ms (expected ~150, ~300)`);
    assert.deepEqual(n.stats, { sent: 1, failed: 0, dropped: 0, attempts: 3 });
    assert.ok(
      log.lines.some((l) => l.includes('delivered on attempt 3')),
      log.lines.join('\n'),
    );
  });

  it('gives up after the last retry; a 4xx is not retried; the URL never reaches the log', async () => {
    const { r, n, log } = await setup(() => 500, { retries: 2, backoffMs: 20 });
    n.notify(event('firing'));
    await n.drain();
    assert.equal(r.got.length, 3);
    assert.deepEqual(n.stats, { sent: 0, failed: 1, dropped: 0, attempts: 3 });
    const bad = await setup(() => 404, { retries: 5, backoffMs: 20 });
    bad.n.notify(event('firing'));
    await bad.n.drain();
    assert.equal(bad.r.got.length, 1);
    const lines = [...log.lines, ...bad.log.lines];
    assert.ok(
      lines.some((l) =>
        /^warn webhook test \(http:\/\/127\.0\.0\.1:\d+\/\*\*\*\): firing service-down\/api not delivered after 3 attempts: HTTP 500$/.test(
          l,
        ),
      ),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => l.endsWith('not delivered after 1 attempt: HTTP 404')),
      lines.join('\n'),
    );
    for (const l of lines) assert.ok(!l.includes('SECRET'), `URL leaked: ${l}`);
  });

  it('a receiver that never answers times out per request; a closed port is a retried network error', async () => {
    const { r, n, log } = await setup(() => 'hang', { timeoutMs: 200, retries: 1, backoffMs: 10 });
    const began = Date.now();
    n.notify(event('firing'));
    await n.drain();
    const took = Date.now() - began;
    assert.equal(r.got.length, 2);
    assert.ok(took >= 400 && took < 2000, `took ${took} ms`);
    assert.ok(
      log.lines.some((l) => l.endsWith('not delivered after 2 attempts: no answer within 200 ms')),
      log.lines.join('\n'),
    );

    const port = await freePort();
    const closed = collector();
    const c = new WebhookNotifier(
      { ...hook({ retries: 1, backoffMs: 10 }), url: `http://127.0.0.1:${port}${SECRET_PATH}` },
      'shop',
      closed.logger,
    );
    c.notify(event('firing'));
    await c.drain();
    assert.deepEqual(c.stats, { sent: 0, failed: 1, dropped: 0, attempts: 2 });
    assert.ok(
      closed.lines.some((l) => l.includes('ECONNREFUSED')),
      closed.lines.join('\n'),
    );
    for (const l of [...log.lines, ...closed.lines]) assert.ok(!l.includes('SECRET'), `URL leaked: ${l}`);
  });

  it('rate limit: at most `max` per window, the rest dropped and counted, one warning', async () => {
    const { r, n, log } = await setup(undefined, { rateLimit: { max: 2, perMs: 60_000 } });
    for (let i = 0; i < 5; i++) n.notify(event('firing', { key: `rule/svc${i}`, service: `svc${i}` }));
    await n.drain();
    assert.deepEqual(
      r.got.map((g) => (g.body.alert as { key: string }).key),
      ['rule/svc0', 'rule/svc1'],
    );
    assert.deepEqual(n.stats, { sent: 2, failed: 0, dropped: 3, attempts: 2 });
    assert.equal(log.lines.filter((l) => l.includes('rate limit')).length, 1);
  });

  it('filters by event kind and minimum severity', async () => {
    const { r, n } = await setup(undefined, { events: ['firing'], minSeverity: 'warning' });
    n.notify(event('resolved'));
    n.notify(event('firing', { severity: 'info' }));
    n.notify(event('firing', { severity: 'warning' }));
    await n.drain();
    assert.equal(r.got.length, 1);
  });

  it('a target whose variable is unset or not an http URL is off, named, its value never shown', () => {
    const log = collector();
    const ns = createNotifiers(
      [hook({ name: 'a', urlEnv: 'UNSET_HOOK' }), hook({ name: 'b', urlEnv: 'BAD_HOOK' })],
      { BAD_HOOK: 'ftp://x/SECRET' },
      'shop',
      log.logger,
    );
    assert.equal(ns.webhooks.length, 0);
    assert.deepEqual(log.lines, [
      'warn webhook a: environment variable UNSET_HOOK is not set; its notifications are off',
      'warn webhook b: BAD_HOOK does not hold an http(s) URL; its notifications are off',
    ]);
  });

  it('the URL variable may come from the .env beside the stack file; the process environment wins', () => {
    const tmp = tempDir();
    try {
      writeFileSync(join(tmp.dir, '.env'), 'SLACK_URL="https://hooks.example/from-dotenv"\nOTHER=1\n');
      assert.equal(webhookEnv(tmp.dir, {}).SLACK_URL, 'https://hooks.example/from-dotenv');
      assert.equal(webhookEnv(tmp.dir, { SLACK_URL: 'https://hooks.example/from-shell' }).SLACK_URL, 'https://hooks.example/from-shell');
      assert.deepEqual(webhookEnv(join(tmp.dir, 'missing'), { A: '1' }), { A: '1' });
    } finally {
      tmp.remove();
    }
  });
});

describe('webhooks wired into the monitor (real engine, real process, real receiver)', () => {
  const run = useMonitoredRun();
  let rec: Awaited<ReturnType<typeof receiver>> | undefined;
  afterEach(async () => {
    await rec?.close();
    rec = undefined;
  });

  it('a killed process reaches the receiver as firing, then resolved', async () => {
    rec = await receiver();
    const port = await freePort();
    writeFileSync(
      join(run.dir, 'stackpilot.yaml'),
      `name: hooked
monitoring:
  interval: 200ms
  webhooks:
    - { name: team, urlEnv: STACKPILOT_TEST_HOOK, format: slack, events: [firing, resolved], minSeverity: critical }
services:
  db:
    argv: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SVC)}]
    env: { NAME: db, PORT: "${port}" }
    health: { http: "http://127.0.0.1:${port}/health", interval: 200ms, startInterval: 50ms }
    restart: { policy: on-failure }
`,
    );
    const loaded = await loadStackFromDisk({ root: run.dir, configPath: 'stackpilot.yaml', profile: undefined, env: process.env });
    assert.ok(loaded.config, JSON.stringify(loaded.diagnostics));
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const log = collector();
    const engine = (run.engine = createStackEngine(loaded.config, { output: quiet }));
    const monitor = (run.monitor = createMonitor(engine, loaded.config, {
      logger: log.logger,
      env: { STACKPILOT_TEST_HOOK: `${rec.base}${SECRET_PATH}` },
    }));
    assert.equal(monitor.notifiers.webhooks.length, 1);
    const up = await engine.up(['db'], { timeoutMs: 20_000 });
    assert.ok(up.ok, JSON.stringify(up));
    const pid = engine.status()[0].pid!;
    run.pids.add(pid);
    process.kill(pid, 'SIGKILL');
    const got = rec.got;
    const firing = await waitFor('firing notification', () => got.find((g) => String(g.body.text).includes('(firing)')), 5000);
    assert.match(String(firing.body.text), /^:red_circle: \[critical\] db: Service is down \(firing\) — stack hooked$/);
    await waitFor('resolved notification', () => got.find((g) => String(g.body.text).includes('(resolved)')), 10_000);
    for (const s of engine.status()) if (s.pid) run.pids.add(s.pid);
    await monitor.drain();
    assert.equal(
      got.every((g) => g.path === SECRET_PATH),
      true,
    );
    for (const l of log.lines) assert.ok(!l.includes('SECRET'), `URL leaked: ${l}`);
  });
});
