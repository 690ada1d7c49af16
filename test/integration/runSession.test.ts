/**
 * RunSession (real processes, no VS Code): a run that ended is never reused; the next run is
 * built from the stack file as it is then (a changed command runs, an added service is known).
 * Reaps what it started by the stack's markers, even when an assertion fails.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LogLine } from '../../src/core/ports';
import { loadStackFromDisk } from '../../src/infra/loadStackFromDisk';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { RunSession } from '../../src/infra/session/RunSession';
import { parseLiveStatus } from '../../src/core/status/liveStatus';
import { readLastRun } from '../../src/infra/state/lastRunFile';
import { killAll, slowStartStack, SVC, tempDir, waitFor } from './testKit';

const silent = { info() {}, warn() {}, error() {}, debug() {} };

describe('RunSession: one run from start to end (real processes)', function () {
  this.timeout(60_000);
  let t: ReturnType<typeof tempDir>;
  const sessions: RunSession[] = [];
  beforeEach(() => (t = tempDir('sp-run-session-')));
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.end({ stop: (e) => e.down(), drainMs: 0 }).catch(() => undefined);
    killAll((await findMarkedProcesses(stackIdOf(t.dir))).map((p) => p.pid));
    t.remove();
  });

  const write = (services: Record<string, string>) => {
    const node = JSON.stringify(process.execPath);
    const body = Object.entries(services)
      .map(
        ([name, log]) =>
          `  ${name}:\n    argv: [${node}, ${JSON.stringify(SVC)}]\n    env: { NAME: ${name}, LOG: "${log}", TICK_MS: "60000" }\n`,
      )
      .join('');
    fs.writeFileSync(path.join(t.dir, 'stackpilot.yaml'), `name: run-session\nservices:\n${body}`);
  };
  const session = async (lines: LogLine[]) => {
    const loaded = await loadStackFromDisk({ root: t.dir, configPath: 'stackpilot.yaml', env: process.env });
    assert.ok(loaded.config, JSON.stringify(loaded.diagnostics));
    const s = new RunSession(loaded.config, {
      output: silent,
      monitor: { collectors: () => [] },
      onEvent: (e) => e.type === 'log' && lines.push(e.line),
    });
    sessions.push(s);
    return { s, selected: loaded.selected };
  };

  it('start, stop, edit the file, start: the new command runs and an added service is known', async () => {
    write({ a: 'version one' });
    const lines: LogLine[] = [];
    const first = await session(lines);
    assert.equal((await first.s.live().up(first.selected)).ok, true);
    await waitFor('a says version one', () => lines.some((l) => l.text === 'version one'));
    const ended = await first.s.end({ stop: (e) => e.down() });
    assert.equal(ended.find((x) => x.name === 'a')?.state, 'stopped');
    assert.equal(first.s.ended, true);
    assert.throws(() => first.s.live(), /has ended: start a new one/);

    write({ a: 'version two', b: 'b here' });
    const second = await session(lines);
    assert.notEqual(second.s.engine, first.s.engine, 'a new engine');
    const file = path.join(t.dir, 'state', 'status.json');
    second.s.publish(file, (m) => assert.fail(m));
    const runDir = path.join(t.dir, '.stackpilot');
    second.s.recordRun(runDir, { profile: null, selected: second.selected }, (m) => assert.fail(m));
    const result = await second.s.live().up(second.selected);
    assert.equal(result.ok, true, result.failures.join('; '));
    second.s.recordOutcome(result);
    await waitFor('the published status shows both running', () => {
      const live = fs.existsSync(file) && parseLiveStatus(fs.readFileSync(file, 'utf8'));
      return (
        live && live.supervisor.pid === process.pid && live.services.map((x) => `${x.name} ${x.state}`).join(',') === 'a running,b running'
      );
    });
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    await waitFor(
      'a says version two, b runs',
      () => lines.some((l) => l.text === 'version two') && lines.some((l) => l.text === 'b here'),
    );
    assert.deepEqual((await findMarkedProcesses(stackIdOf(t.dir))).map((p) => p.service).sort(), ['a', 'b']);
    const final = await second.s.end({ stop: (e) => e.down() });
    assert.deepEqual(
      final.map((x) => x.state),
      ['stopped', 'stopped'],
    );
    assert.deepEqual(await second.s.end(), final, 'ending twice is harmless');
    assert.equal(fs.existsSync(file), false, 'the published status goes with the run');
    // The run is recorded for `stackpilot report`, as `up` records its runs.
    const record = readLastRun(runDir);
    assert.deepEqual(record.notes, []);
    assert.equal(record.run?.ok, true);
    assert.equal(typeof record.run?.endedAt, 'number');
    assert.deepEqual(record.run?.services.map((x) => x.name).sort(), ['a', 'b']);
    assert.deepEqual(await findMarkedProcesses(stackIdOf(t.dir)), []);
  });

  it('a stop while a start waits: the start is told it was stopped, the run record keeps its end, a second end() waits for the first', async () => {
    // slow never answers its probe: the start waits on it until the stop.
    fs.writeFileSync(path.join(t.dir, 'stackpilot.yaml'), slowStartStack('run-session'));
    const { s, selected } = await session([]);
    const runDir = path.join(t.dir, '.stackpilot');
    s.recordRun(runDir, { profile: null, selected }, (m) => assert.fail(m));
    const starting = s.live().up(selected);
    await waitFor('slow starting, dep waiting', () =>
      s.engine
        .status()
        .map((x) => `${x.name}:${x.state}`)
        .join(' ')
        .includes('slow:starting'),
    );
    const ending = s.end({ stop: (e) => e.down() });
    assert.equal(s.ending, true, 'ending from the call on');
    const again = s.end({ stop: () => Promise.reject(new Error('a second stop must not run')) });
    const result = await starting;
    assert.equal(result.interrupted, 'stopped');
    // What a caller does once its start returns (as the window and `up` do): nothing is recorded any more.
    s.recordOutcome({ ok: result.ok, failures: result.failures });
    const final = await ending;
    assert.deepEqual(await again, final, 'the second end() waited for the first');
    assert.deepEqual(
      final.map((x) => x.state),
      ['stopped', 'stopped'],
    );
    const record = readLastRun(runDir);
    assert.equal(typeof record.run?.endedAt, 'number', 'the run keeps its end');
    assert.deepEqual(await findMarkedProcesses(stackIdOf(t.dir)), []);
  });

  it("two ends side by side (a window's deactivate stopping, then its dispose): the second waits for the first's stop", async () => {
    write({ a: 'slow to stop' });
    const lines: LogLine[] = [];
    const run = await session(lines);
    assert.equal((await run.s.live().up(run.selected)).ok, true);
    let stopDone = false;
    const first = run.s.end({
      stop: async (e) => {
        await e.down();
        stopDone = true;
      },
    });
    // Before, this one released the watchdog (and the lock) while the first was still stopping.
    const second = await run.s.end({ drainMs: 0 });
    assert.equal(stopDone, true, 'the second end returned before the stop was done');
    assert.deepEqual(second, await first);
    assert.deepEqual(await findMarkedProcesses(stackIdOf(t.dir)), []);
  });
});
