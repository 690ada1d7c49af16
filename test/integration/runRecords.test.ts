/**
 * The run files are the session's, whoever drives it (real processes; the report by dist/cli.js):
 * a run built as the editor builds it (StackController: RunSession with no history file of its own)
 * appends its alerts to `.stackpilot/alerts.jsonl`, records last-run.json, startups.json and
 * timings.json, and `stackpilot report` sees its alerts and counts the downtime of a service that
 * exited and stayed down; a supervising `stackpilot up` records its starts in startups.json too.
 * Every test reaps what it started by the stack's markers, even when an assertion fails.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunReport } from '../../src/core/report/buildReport';
import { loadStackFromDisk } from '../../src/infra/loadStackFromDisk';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { RunSession } from '../../src/infra/session/RunSession';
import { RecordedRunTransitions } from '../../src/infra/state/recordedRunTransitions';
import { StartHistory } from '../../src/infra/state/startHistory';
import { killAll, SVC_ARGV, tempDir, waitFor } from './testKit';

const cli = path.resolve(__dirname, '../../dist/cli.js');
const silent = { info() {}, warn() {}, error() {}, debug() {} };

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** `a` runs a second, then exits with code 3 and stays down (no restart); `b` keeps running. */
function writeStack(dir: string, name: string): void {
  fs.writeFileSync(
    path.join(dir, 'stackpilot.yaml'),
    `name: ${name}
monitoring: { interval: 200ms }
services:
  a:
    argv: ${SVC_ARGV}
    env: { NAME: a, CRASH_AFTER_MS: "1000", EXIT_CODE: "3" }
    restart: { policy: "no" }
  b:
    argv: ${SVC_ARGV}
    env: { NAME: b, TICK_MS: "60000" }
`,
  );
}

const readReport = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, '.stackpilot', 'report.json'), 'utf8')) as RunReport;

describe('run files: one writer, the session, for the editor and the CLI (real processes)', function () {
  this.timeout(120_000);
  let t: ReturnType<typeof tempDir>;
  const sessions: RunSession[] = [];
  const children: ChildProcess[] = [];
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });
  beforeEach(() => (t = tempDir('sp-run-records-')));
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const s of sessions.splice(0)) await s.end({ stop: (e) => e.down(), drainMs: 0 }).catch(() => undefined);
    killAll((await findMarkedProcesses(stackIdOf(t.dir))).map((p) => p.pid));
    t.remove();
  });

  it('an editor run: report sees its alerts and counts the downtime of a service that exited and stayed down', async () => {
    writeStack(t.dir, 'editor-run');
    const loaded = await loadStackFromDisk({ root: t.dir, configPath: 'stackpilot.yaml', env: process.env });
    assert.ok(loaded.config, JSON.stringify(loaded.diagnostics));
    // As StackController.newSession builds it: a run folder, no history file of its own.
    const session = new RunSession(loaded.config, { output: silent, runDir: path.join(t.dir, '.stackpilot') });
    sessions.push(session);
    session.recordRun(session.runDir, { profile: null, selected: loaded.selected }, (m) => assert.fail(m));
    const result = await session.live().up(loaded.selected);
    session.recordOutcome(result);
    const history = path.join(t.dir, '.stackpilot', 'alerts.jsonl');
    await waitFor(
      'service-down/a in .stackpilot/alerts.jsonl',
      () => fs.existsSync(history) && /"service-down\/a"/.test(fs.readFileSync(history, 'utf8')),
      30_000,
    );
    const exitedAt = session.engine.status().find((s) => s.name === 'a')!.since;
    // The run record follows the exit (at most a second later): the report reads that.
    const recorded = new RecordedRunTransitions(session.runDir, 'editor-run');
    await waitFor(
      'last-run.json records the exit',
      () =>
        recorded
          .read()
          ?.get('a')
          ?.some((x) => x.to === 'exited'),
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1500));

    const report = run(t.dir, 'report');
    assert.equal(report.code, 0, report.out);
    assert.match(report.out, /1\/2 up, 1 alert firing, [1-9]\d* alert transitions? in the run/);
    const r = readReport(t.dir);
    assert.equal(r.run?.mode, 'supervise');
    const a = r.services.find((s) => s.name === 'a')!;
    assert.equal(a.state, 'exited');
    assert.ok(a.uptime.downMs >= Date.parse(r.generatedAt) - exitedAt - 50, `down since the exit: ${JSON.stringify(a.uptime)}`);
    assert.ok(a.uptime.percent! < 100 && a.uptime.upMs > 0, JSON.stringify(a.uptime));
    assert.ok(r.alerts.byAlert.some((x) => x.key === 'service-down/a' && x.state === 'firing'));
    assert.doesNotMatch(fs.readFileSync(path.join(t.dir, '.stackpilot', 'report.html'), 'utf8'), /No alert fired during this run/);

    // The start history: the time to all ready and each service's time to ready.
    const starts = new StartHistory(session.runDir);
    assert.equal(starts.starts().length, 1);
    assert.deepEqual(Object.keys(starts.timings()).sort(), ['a', 'b']);
    await session.end({ stop: (e) => e.down() });
  });

  it('stackpilot up: report counts the downtime of a service that exited; each start goes into startups.json', async () => {
    writeStack(t.dir, 'cli-run');
    const child = spawn(process.execPath, [cli, 'up'], { cwd: t.dir, env: { ...process.env, NO_COLOR: '1' } });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    await waitFor('a exits with code 3', () => out.includes('exited with code 3'), 30_000);
    await waitFor('the start recorded', () => new StartHistory(path.join(t.dir, '.stackpilot')).starts().length === 1, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    const report = run(t.dir, 'report');
    assert.equal(report.code, 0, report.out);
    const a = readReport(t.dir).services.find((s) => s.name === 'a')!;
    assert.equal(a.state, 'exited');
    assert.ok(a.uptime.downMs >= 1500 && a.uptime.percent! < 100, JSON.stringify(a.uptime));
    child.kill('SIGINT');
    assert.equal(await new Promise<number | null>((r) => child.on('exit', r)), 0, out);

    // A second start (up --wait) is one more record: a window compares with both.
    const again = run(t.dir, 'up', '--wait', 'b');
    assert.equal(again.code, 0, again.out);
    assert.equal(new StartHistory(path.join(t.dir, '.stackpilot')).starts().length, 2);
    assert.equal(run(t.dir, 'down').code, 0);
  });

  it('report never blocks on a FIFO nor reads through a link shipped as .stackpilot/alerts.jsonl: it says so and writes the report', () => {
    writeStack(t.dir, 'hostile-history');
    fs.mkdirSync(path.join(t.dir, '.stackpilot'));
    const history = path.join(t.dir, '.stackpilot', 'alerts.jsonl');
    spawnSync('mkfifo', [history]);
    const fifo = run(t.dir, 'report');
    assert.equal(fifo.code, 0, fifo.out);
    assert.match(fifo.out, /not reading the alert history \.stackpilot\/alerts\.jsonl: it is not a regular file/);
    fs.rmSync(history);
    const secret = path.join(t.dir, 'secret.jsonl');
    fs.writeFileSync(
      secret,
      `${JSON.stringify({ at: Date.now(), kind: 'firing', key: 'k/a', ruleId: 'k', severity: 'critical', summary: 'from a link' })}\n`,
    );
    fs.symlinkSync(secret, history);
    const link = run(t.dir, 'report');
    assert.match(link.out, /not reading the alert history \.stackpilot\/alerts\.jsonl: it is a link/);
    assert.equal(readReport(t.dir).alerts.transitions.length, 0);
  });
});
