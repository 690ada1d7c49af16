/**
 * Start on a running stack (RunSession with real processes and its monitor, no VS Code), as the
 * editor's Start Stack does a second time: a job that completed runs again (as `docker compose up`
 * starts a one-shot that exited) and raises no service-down alert, however often; what runs is left
 * alone. Reaps what it started by the stack's markers, even when an assertion fails.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AlertEvent } from '../../src/core/alerts/model';
import type { LogLine } from '../../src/core/ports';
import { loadStackFromDisk } from '../../src/infra/loadStackFromDisk';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { RunSession } from '../../src/infra/session/RunSession';
import { killAll, SVC, tempDir, waitFor } from './testKit';

const silent = { info() {}, warn() {}, error() {}, debug() {} };

describe('Start on a running stack: a completed job (real processes)', function () {
  this.timeout(120_000);
  let t: ReturnType<typeof tempDir>;
  let session: RunSession | undefined;
  beforeEach(() => (t = tempDir('sp-start-again-')));
  afterEach(async () => {
    await session?.end({ stop: (e) => e.down(), drainMs: 0 }).catch(() => undefined);
    session = undefined;
    killAll((await findMarkedProcesses(stackIdOf(t.dir))).map((p) => p.pid));
    t.remove();
  });

  it('runs migrate again, never fires service-down for it, leaves api running, and no alert stays firing', async () => {
    const node = JSON.stringify(process.execPath);
    fs.writeFileSync(
      path.join(t.dir, 'stackpilot.yaml'),
      `name: start-again
services:
  migrate:
    argv: [${node}, "-e", "console.log('migrated'); setTimeout(() => {}, 150)"]
    restart: { policy: "no" }
  api:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: api, TICK_MS: "60000" }
    dependsOn: { migrate: { condition: completed } }
`,
    );
    const loaded = await loadStackFromDisk({ root: t.dir, configPath: 'stackpilot.yaml', env: process.env });
    assert.ok(loaded.config, JSON.stringify(loaded.diagnostics));
    const lines: LogLine[] = [];
    const transitions: AlertEvent[] = [];
    session = new RunSession(loaded.config, {
      output: silent,
      monitor: { collectors: () => [] },
      onEvent: (e) => e.type === 'log' && lines.push(e.line),
      onTransition: (e) => transitions.push(e),
    });
    const engine = session.live();
    const state = (n: string) => engine.status().find((s) => s.name === n);
    const first = await engine.up(loaded.selected);
    assert.equal(first.ok, true, first.failures.join('; '));
    await waitFor('migrate completed', () => state('migrate')?.state === 'completed');
    const apiPid = state('api')?.pid;
    assert.ok(apiPid, 'api runs');

    // Three more Starts (the third one is where the flap hold kept the alert firing).
    for (let i = 2; i <= 4; i++) {
      const again = await engine.up(loaded.selected);
      assert.equal(again.ok, true, again.failures.join('; '));
      await waitFor(`migrate completed after Start #${i}`, () => state('migrate')?.state === 'completed');
      await waitFor(`migrate ran ${i} times`, () => lines.filter((l) => l.text === 'migrated').length === i);
    }
    await new Promise((r) => setTimeout(r, 300));
    const down = transitions.filter((e) => e.alert.ruleId === 'service-down');
    assert.deepEqual(
      down.map((e) => `${e.kind} ${e.alert.service}`),
      [],
      'no service-down alert for a job that completes',
    );
    assert.deepEqual(
      session
        .monitor!.alerts()
        .filter((a) => a.state === 'firing')
        .map((a) => a.key),
      [],
      'nothing firing',
    );
    assert.equal(state('api')?.pid, apiPid, 'api left alone');
    assert.equal(state('api')?.state, 'running');
  });
});
