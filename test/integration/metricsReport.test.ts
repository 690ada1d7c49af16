/**
 * The built CLI (dist/cli.js) end to end for monitoring: a supervising `up --prometheus 0` with real
 * processes, a killed service alerting and recovering, the endpoint scraped, Ctrl-C, then
 * `stackpilot report` writing report.json and a self-contained, escaped report.html; `status --json` kept.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunReport } from '../../src/core/report/buildReport';
import { parsePromText } from './promText';
import { alive, freePort, SVC, tempDir } from './testKit';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function until<T>(what: string, fn: () => T | undefined | null | false, ms: number, log: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const recordedPids = (dir: string): number[] => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, '.stackpilot', 'state.json'), 'utf8')) as { records: { pid?: number }[] }).records
      .map((r) => r.pid!)
      .filter(Boolean);
  } catch {
    return [];
  }
};

describe('stackpilot up (supervising, monitored) and stackpilot report, via dist/cli.js', function () {
  this.timeout(90_000);
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });

  it('alerts while supervising, serves Prometheus, records the run; report writes JSON and a self-contained HTML page', async () => {
    const t = tempDir('sp-cli-report-');
    const [db, api] = [await freePort(), await freePort()];
    const node = JSON.stringify(process.execPath);
    fs.writeFileSync(
      path.join(t.dir, 'stackpilot.yaml'),
      `name: "<b>shop</b> & co"
monitoring: { interval: 200ms }
alerts:
  rules:
    - { name: api-errors, metric: error_rate, operator: ">=", threshold: 1, severity: info, services: [api], summary: "<img src=x onerror=alert(1)> errors" }
services:
  db:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: db, PORT: "${db}", READY_DELAY_MS: "150" }
    health: { http: "http://127.0.0.1:${db}/health", interval: 200ms }
    restart: { policy: on-failure }
  api:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: api, PORT: "${api}", ERR_LOG: "ERROR boom" }
    dependsOn: { db: healthy }
    health: { http: "http://127.0.0.1:${api}/health", interval: 200ms }
`,
    );
    const child = spawn(process.execPath, [cli, 'up', '--prometheus', '0'], { cwd: t.dir, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const pids = new Set<number>();
    try {
      await until(
        'supervising',
        () => out.includes('supervising'),
        30_000,
        () => out,
      );
      const url = (
        await until(
          'Prometheus URL',
          () => /Prometheus metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(out),
          5000,
          () => out,
        )
      )[1];
      await until(
        'user alert',
        () => out.includes('alert firing [info] api: <img src=x onerror=alert(1)> errors'),
        5000,
        () => out,
      );
      for (const p of recordedPids(t.dir)) pids.add(p);
      const scraped = parsePromText(await (await fetch(url)).text());
      assert.equal(scraped.get('stackpilot_service_up')?.samples.filter((s) => s.value === 1).length, 2);

      const status = run(t.dir, 'status', '--json');
      assert.equal(status.code, 0, status.out + status.err);
      const dbPid = (JSON.parse(status.out) as { services: { name: string; pid: number }[] }).services.find((s) => s.name === 'db')!.pid;
      process.kill(dbPid, 'SIGKILL');
      await until(
        'service-down firing',
        () => out.includes('alert firing [critical] db: Service is down'),
        5000,
        () => out,
      );
      await until(
        'service-down resolved',
        () => out.includes('alert resolved [critical] db: Service is down'),
        15_000,
        () => out,
      );
      for (const p of recordedPids(t.dir)) pids.add(p);
      await new Promise((r) => setTimeout(r, 300));

      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      assert.equal(code, 0, out);
      assert.match(out, /stopped/);
      for (const p of pids) assert.equal(alive(p), false, `pid ${p} survived Ctrl-C`);
      assert.ok(!out.includes('api: Service is down'), 'the dependent api was inhibited, not reported');

      const report = run(t.dir, 'report');
      assert.equal(report.code, 0, report.out + report.err);
      assert.match(report.out, /^<b>shop<\/b> & co: 2\/2 up and 1 alert firing at the end of the run, \d+ alert transitions in the run$/m);
      assert.match(report.out, /wrote \.stackpilot\/report\.json\nwrote \.stackpilot\/report\.html/);
      const r = JSON.parse(fs.readFileSync(path.join(t.dir, '.stackpilot', 'report.json'), 'utf8')) as RunReport;
      assert.equal(r.stack, '<b>shop</b> & co');
      assert.equal(r.run?.mode, 'supervise');
      assert.equal(r.run?.ok, true);
      assert.ok(r.run?.endedAt);
      const byName = Object.fromEntries(r.services.map((s) => [s.name, s]));
      assert.deepEqual([byName.db.state, byName.db.stateAtEnd, byName.api.stateAtEnd], ['stopped', 'healthy', 'healthy']);
      assert.equal(byName.db.restarts, 1);
      assert.ok(
        byName.db.uptime.percent! > 0 && byName.db.uptime.percent! < 100 && byName.db.uptime.downMs > 0,
        JSON.stringify(byName.db.uptime),
      );
      assert.equal(byName.db.uptime.source, 'monitor');
      assert.equal(byName.db.uptime.target, 99.9);
      assert.ok(byName.db.probe && byName.db.probe.count > 0 && byName.db.memoryBytes! > 1e6, JSON.stringify(byName.db));
      const [first, second] = r.startup;
      assert.deepEqual([first.service, second.service], ['db', 'api']);
      assert.ok(first.readyMs! >= 150, `db ready at ${first.readyMs} ms (READY_DELAY_MS 150)`);
      assert.ok(second.startedMs! >= first.readyMs!, 'api started once db was healthy');
      assert.equal(r.run?.allReadyMs, second.readyMs);
      const down = r.alerts.byAlert.find((a) => a.key === 'service-down/db')!;
      assert.deepEqual([down.state, down.fired, down.severity], ['resolved', 1, 'critical']);
      assert.ok(down.firingMs > 0);
      assert.ok(r.alerts.byAlert.some((a) => a.key === 'api-errors/api' && a.fired === 1));
      assert.ok(r.alerts.transitions.some((x) => x.key === 'service-down/db' && x.kind === 'resolved'));

      const html = fs.readFileSync(path.join(t.dir, '.stackpilot', 'report.html'), 'utf8');
      assert.match(html, /^<!DOCTYPE html>/);
      assert.ok(html.includes('&lt;b&gt;shop&lt;/b&gt; &amp; co') && !html.includes('<b>shop</b>'), 'stack name escaped');
      assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; errors') && !html.includes('<img'), 'alert summary escaped');
      assert.ok(
        !/<script|<link|<img|<iframe|src=|href=|url\(|@import/i.test(html.replace(/&lt;img src=x/g, '')),
        'no script and no external resource',
      );
      assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
      assert.match(html, /<style>/);
    } finally {
      child.kill('SIGKILL');
      run(t.dir, 'down');
      for (const p of pids) if (alive(p)) process.kill(p, 'SIGKILL');
      t.remove();
    }
  });

  it('report without a recorded run says so and still writes both files; up --wait records its run', async () => {
    const t = tempDir('sp-cli-report2-');
    const port = await freePort();
    fs.writeFileSync(
      path.join(t.dir, 'stackpilot.yaml'),
      `services:\n  one:\n    argv: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SVC)}]\n    env: { NAME: one, PORT: "${port}" }\n    health: { tcp: "127.0.0.1:${port}" }\n`,
    );
    try {
      const before = run(t.dir, 'report', '--out', 'out');
      assert.equal(before.code, 0, before.out + before.err);
      assert.match(before.out, /no recorded run/);
      assert.equal((JSON.parse(fs.readFileSync(path.join(t.dir, 'out', 'report.json'), 'utf8')) as RunReport).run, null);
      assert.ok(fs.existsSync(path.join(t.dir, 'out', 'report.html')));
      const up = run(t.dir, 'up', '--wait');
      assert.equal(up.code, 0, up.out + up.err);
      const after = run(t.dir, 'report');
      assert.equal(after.code, 0, after.out + after.err);
      const r = JSON.parse(fs.readFileSync(path.join(t.dir, '.stackpilot', 'report.json'), 'utf8')) as RunReport;
      assert.deepEqual([r.run?.mode, r.run?.ok, r.services[0].state, r.startup.length], ['wait', true, 'healthy', 1]);
      assert.equal(r.services[0].uptime.source, 'transitions');
      assert.equal(r.services[0].uptime.percent, 100);
      assert.equal(run(t.dir, 'up', '--wait', '--prometheus', '9464').code, 2);
    } finally {
      run(t.dir, 'down');
      t.remove();
    }
  });

  it("report counts what the run's profile selected; the stack's other services are named apart, not counted", async () => {
    const t = tempDir('sp-cli-report3-');
    const [p1, p2, p3] = [await freePort(), await freePort(), await freePort()];
    const svc = (name: string, port: number, extra = '') =>
      `  ${name}:\n    argv: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SVC)}]\n    env: { NAME: ${name}, PORT: "${port}" }\n    health: { tcp: "127.0.0.1:${port}" }\n${extra}`;
    fs.writeFileSync(
      path.join(t.dir, 'stackpilot.yaml'),
      `profiles: { web: [api], full: ["*"] }\ndefaultProfile: full\nservices:\n${svc('db', p1)}${svc('api', p2, '    dependsOn: [db]\n')}${svc('tools', p3)}`,
    );
    try {
      const up = run(t.dir, 'up', '--wait', '--profile', 'web');
      assert.equal(up.code, 0, up.out + up.err);
      // No --profile here: the report describes the run, whatever profile this command would pick.
      const rep = run(t.dir, 'report');
      assert.equal(rep.code, 0, rep.out + rep.err);
      assert.match(rep.out, /: 2\/2 up, 0 alerts firing/);
      assert.match(rep.out, /not part of the run \(not selected by its profile\), not counted: tools$/m);
      const r = JSON.parse(fs.readFileSync(path.join(t.dir, '.stackpilot', 'report.json'), 'utf8')) as RunReport;
      assert.equal(r.profile, 'web');
      assert.deepEqual([r.summary.services, r.summary.up, r.summary.down], [2, 2, 0]);
      assert.deepEqual(r.services.map((s) => s.name).sort(), ['api', 'db']);
      assert.deepEqual(r.notInRun, [{ name: 'tools', kind: 'process', state: 'stopped' }]);
      assert.deepEqual(r.startup.map((x) => x.service).sort(), ['api', 'db']);
      const html = fs.readFileSync(path.join(t.dir, '.stackpilot', 'report.html'), 'utf8');
      assert.match(html, />2\/2<\/b>services up/);
      assert.match(html, /Not part of this run[^<]*not counted: tools/);
    } finally {
      run(t.dir, 'down');
      t.remove();
    }
  });

  it('validate reports bad alert rules and monitoring settings as file:line:col, in the native file and in compose x-stackpilot', () => {
    const t = tempDir('sp-cli-validate-');
    fs.writeFileSync(
      path.join(t.dir, 'stackpilot.yaml'),
      `compose: [docker-compose.yml]
monitoring:
  webhooks: [{ url: "https://hooks.example/T0/B0/secret" }]
alerts:
  - { name: slow, metric: probe_latency, operator: ">", threshold: 500 }
services:
  api: { command: sleep 100 }
`,
    );
    fs.writeFileSync(
      path.join(t.dir, 'docker-compose.yml'),
      'services:\n  db:\n    image: pg\n    x-stackpilot: { alerts: [{ name: db-mem, metric: memory_bytes, op: ">", threshold: 1 }] }\n',
    );
    try {
      const v = run(t.dir, 'validate');
      assert.equal(v.code, 1, v.out + v.err);
      assert.deepEqual(v.err.trim().split('\n'), [
        'stackpilot.yaml:5:27: error: Unknown metric `probe_latency`. Did you mean `probe_latency_ms`? [unknown-metric]',
        "stackpilot.yaml:3:16: error: A webhook URL is a credential: keep it out of the stack file. Put it in an environment variable (or `.env`, or your secret manager's env export) and name the variable with `urlEnv: SLACK_WEBHOOK_URL`. [literal-webhook-url]",
        'docker-compose.yml:4:68: error: Unknown key `op` in alert rule `services.db.x-stackpilot.alerts[0]`: the operator is written `operator: ">"`. [unknown-key]',
      ]);
      assert.ok(!v.err.includes('T0/B0'), 'the URL is not echoed');
    } finally {
      t.remove();
    }
  });
});
