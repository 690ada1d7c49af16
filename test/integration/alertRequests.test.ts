/**
 * Acknowledge and silence from a second process while a foreground `stackpilot up` (dist/cli.js)
 * supervises real processes: the supervisor owns the alert state, applies the request to its own
 * monitor and publishes it before answering, so `status --json` right after shows it. Bad requests
 * are refused (unknown alert, durations out of bounds, malformed operands) and touch nothing; an
 * acknowledge is answered while a slow restart is in progress; the metrics request returns the
 * supervisor's series. Each test has its own XDG_STATE_HOME and reaps what it started.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseMetricsPayload } from '../../src/core/control/metricsPayload';
import { controlDir, sendControl } from '../../src/infra/session/controlChannel';
import { stackLocks } from '../../src/infra/state/stackLock';
import { CliStack, cli } from './supervisorKit';
import { freePort, SVC, waitFor } from './testKit';

interface AlertJson {
  key: string;
  acknowledged?: boolean;
  silenced?: boolean;
  silencedUntil?: string;
}

describe('acknowledge and silence through the live supervisor (dist/cli.js, real processes)', function () {
  this.timeout(300_000);
  let s: CliStack;

  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });
  beforeEach(async () => {
    s = new CliStack();
    const [db, api] = [await freePort(), await freePort()];
    const node = JSON.stringify(process.execPath);
    s.write(`name: alert-requests
services:
  db:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: db, PORT: "${db}" }
    health: { http: "http://127.0.0.1:${db}/health", interval: 300ms, startPeriod: 20s }
    restart: { policy: "no" }
  api:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: api, PORT: "${api}", READY_DELAY_MS: "8000" }
    health: { tcp: "127.0.0.1:${api}", interval: 300ms, startPeriod: 60s }
    restart: { policy: "no" }
`);
  });
  afterEach(async () => {
    await s.cleanup();
  });

  const alerts = async () => ((await s.statusJson()) as unknown as { alerts: AlertJson[] }).alerts;

  /** A supervising up with db killed -9: service-down/db fires. */
  async function withDbDown() {
    const up = await s.supervise();
    const db = (await s.marked()).db?.[0];
    assert.ok(db, 'db runs');
    process.kill(db, 'SIGKILL');
    await waitFor('service-down/db firing in status --json', async () => (await alerts()).some((a) => a.key === 'service-down/db'), 30_000);
    return up;
  }

  it('acknowledge: status --json shows it at once, the supervisor says who; unknown alerts are refused by name', async () => {
    const up = await withDbDown();
    const text = await s.run('status');
    assert.match(text.out, /alert firing \[critical\] db: .*\(service-down\/db\)/, 'status names the key to acknowledge');

    const wrong = await s.run('acknowledge', 'service-down/nope');
    assert.equal(wrong.code, 1, wrong.out);
    assert.match(wrong.out, /refused: no firing alert "service-down\/nope" \(firing: service-down\/db\)/);
    assert.equal((await alerts())[0]?.acknowledged, false, 'nothing acknowledged');

    const ack = await s.run('acknowledge', 'service-down/db');
    assert.equal(ack.code, 0, ack.out);
    assert.match(ack.out, /supervised by stackpilot up \(pid \d+\): it acknowledged alert service-down\/db/);
    // No wait: the supervisor wrote its view before it answered.
    const after = await alerts();
    assert.deepEqual(
      after.map((a) => [a.key, a.acknowledged]),
      [['service-down/db', true]],
    );
    assert.match((await s.run('status')).out, /\(service-down\/db · acknowledged\)/);
    assert.match(up.output(), /alert service-down\/db acknowledged by stackpilot acknowledge \(pid \d+\)/);
    const again = await s.run('acknowledge', 'service-down/db');
    assert.equal(again.code, 0);
    assert.match(again.out, /already acknowledged/);
  });

  it('silence --for 10m: silenced until then in status --json; durations out of bounds are usage errors', async () => {
    await withDbDown();
    for (const bad of ['30d', '0', 'soon', '500ms']) {
      const r = await s.run('silence', 'service-down/db', '--for', bad);
      assert.equal(r.code, 2, `--for ${bad}: ${r.out}`);
      assert.match(r.out, /--for takes a duration from 1s to 7d/);
    }
    assert.equal((await alerts())[0]?.silenced, false);
    const t0 = Date.now();
    const r = await s.run('silence', 'service-down/db', '--for', '10m');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /it silenced alert service-down\/db for 10 minutes \(until \d\d:\d\d:\d\d\)/);
    const [a] = await alerts();
    assert.equal(a?.silenced, true);
    const until = Date.parse(a?.silencedUntil ?? '');
    assert.ok(until >= t0 + 600_000 - 1000 && until <= Date.now() + 600_000 + 1000, `silenced until ${a?.silencedUntil}`);
    assert.match((await s.run('status')).out, /silenced until \d\d:\d\d:\d\d/);
  });

  it('raw requests with bad operands are refused and change nothing; an acknowledge is answered during a slow restart', async () => {
    const up = await withDbDown();
    const dir = controlDir(s.dir, s.env);
    const holder = (await stackLocks(s.dir, s.env).holder())!;
    const ask = (op: 'acknowledge' | 'silence' | 'metrics', args: Record<string, unknown>) =>
      sendControl(dir, holder, op, [], { from: 'test', args: args as never });
    for (const [op, args, why] of [
      ['acknowledge', { alert: 'x'.repeat(600) }, /alert's key/],
      ['acknowledge', { alert: 'service-down/db\n' }, /alert's key/],
      ['silence', { alert: 'service-down/db', durationMs: 1e12 }, /1 s to 7 days/],
      ['silence', { alert: 'service-down/db', durationMs: 60_000, ruleId: '*' }, /takes no "ruleId"/],
      ['metrics', { windowMs: 86_400_000 }, /windowMs/],
    ] as const) {
      const r = await ask(op, args);
      assert.equal(r.status, 'replied');
      assert.ok(
        r.status === 'replied' && !r.reply.ok && why.test(r.reply.error),
        `${op} ${JSON.stringify(args).slice(0, 60)}: ${JSON.stringify(r)}`,
      );
    }
    const [a] = await alerts();
    assert.deepEqual([a?.acknowledged, a?.silenced], [false, false], 'nothing changed');

    // api takes 8 s to be ready again: the acknowledge does not wait for that restart.
    const restart = s.start('restart', 'api');
    await waitFor('the restart is under way', () => /restart of api requested/.test(up.output()), 60_000);
    const ack = await s.run('acknowledge', 'service-down/db');
    assert.equal(ack.code, 0, ack.out);
    assert.equal(restart.child.exitCode, null, 'answered while the restart still runs');
    assert.equal((await restart.done).code, 0);
  });

  it('metrics: the whole chart window, then the 1 s points since; without a supervisor, acknowledge says nothing supervises', async () => {
    await s.supervise();
    await new Promise((r) => setTimeout(r, 4000)); // a few samples
    const dir = controlDir(s.dir, s.env);
    const holder = (await stackLocks(s.dir, s.env).holder())!;
    const known = new Set(['db', 'api']);
    const first = await sendControl(dir, holder, 'metrics', [], { from: 'test', args: { windowMs: 300_000 } });
    assert.ok(first.status === 'replied' && first.reply.ok, JSON.stringify(first));
    const p = parseMetricsPayload(first.reply.metrics, known);
    assert.ok(p?.full, 'a whole window first');
    assert.ok((p.series.db?.cpu?.t.length ?? 0) >= 1, `db has CPU points: ${JSON.stringify(p.series.db)}`);
    assert.ok((p.series.db?.latency?.t.length ?? 0) >= 1, 'and probe latency points');
    assert.ok(
      p.cards.some((c) => c.name === 'db' && c.memoryBytes! > 0),
      'the cards measured memory',
    );
    await new Promise((r) => setTimeout(r, 2100));
    const next = await sendControl(dir, holder, 'metrics', [], { from: 'test', args: { windowMs: 300_000, since: p.until } });
    const q = next.status === 'replied' && next.reply.ok ? parseMetricsPayload(next.reply.metrics, known) : undefined;
    assert.equal(q?.full, false, 'then increments');
    assert.equal(q.from, p.until);
    assert.ok(q.until >= p.until + 2000);

    assert.equal((await s.run('down')).code, 0);
    const none = await s.run('acknowledge', 'service-down/db');
    assert.equal(none.code, 1);
    assert.match(none.out, /nothing supervises alert-requests/);
  });
});
