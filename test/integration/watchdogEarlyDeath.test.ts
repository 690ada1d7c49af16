/**
 * A supervisor that dies before its watchdog has read a line (the built dist/watchdog.js, a real
 * supervisor process and a real marked service): the watchdog, by then a child of init, still
 * believes the `init` its spawner wrote (the spawner's pid and start time are in its environment),
 * stops the service and exits. A clean CI run saw a window SIGKILLed a few ms after its watchdog was
 * spawned: the watchdog compared the supervisor with its (new) parent, exited silently and stopped nothing.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { markersFor } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { WATCHDOG_MARKER, WATCHDOG_SUPERVISOR } from '../../src/infra/session/Watchdog';
import { tempDir, waitFor } from './testKit';

const watchdogJs = path.resolve(__dirname, '../..', 'dist', 'watchdog.js');

/** The supervisor: starts a marked service and its watchdog, writes init + own, and exits at once. */
const supervisor = `
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const [stackId, stateDir, watchdogJs, markers] = process.argv.slice(1);
// A plain script run by node (it cannot import src/): field 22 counted from the last ')', as procStat.ts does.
const stat = fs.readFileSync('/proc/self/stat', 'utf8');
const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
const svc = spawn('sleep', ['300'], { detached: true, stdio: 'ignore', env: { ...process.env, ...JSON.parse(markers) } });
svc.unref();
const env = { ...process.env, ${WATCHDOG_MARKER}: stackId, ${WATCHDOG_SUPERVISOR}: process.pid + ':' + startTime };
const w = spawn(process.execPath, [watchdogJs], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env, cwd: stateDir });
w.unref();
const init = { type: 'init', stackId, project: 'early', stateDir, supervisor: { pid: process.pid, startTime, what: 'a test supervisor' } };
const own = { type: 'own', services: [{ service: 'worker', kind: 'process', graceMs: 1000 }] };
w.stdin.write(JSON.stringify(init) + '\\n' + JSON.stringify(own) + '\\n', () => process.kill(process.pid, 'SIGKILL'));
`;

describe('a watchdog whose supervisor died before it read a line', function () {
  this.timeout(60_000);
  const stackId = `early-${process.pid}-${Date.now()}`;
  const temp = tempDir('sp-watchdog-early-');
  const stateDir = temp.dir;
  after(async () => {
    for (const p of await findMarkedProcesses(stackId).catch(() => [])) process.kill(-p.pid, 'SIGKILL');
    temp.remove();
  });

  it('still stops what the supervisor owned, then exits', async () => {
    assert.ok(fs.existsSync(watchdogJs), 'run npm run build first');
    const r = spawnSync(process.execPath, ['-e', supervisor, stackId, stateDir, watchdogJs, JSON.stringify(markersFor(stackId, 'worker'))]);
    assert.equal(r.signal, 'SIGKILL', `the supervisor killed itself: ${r.stderr.toString()}`);
    const log = path.join(stateDir, 'watchdog.log');
    await waitFor(
      'the watchdog to stop the worker and say so',
      async () => (await findMarkedProcesses(stackId)).length === 0 && fs.existsSync(log),
      30_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '(no log)'}`);
    });
    assert.match(fs.readFileSync(log, 'utf8'), /a test supervisor \(pid \d+\) (exited|is gone) without ending its run: stopping worker/);
  });
});
