/**
 * The window as the supervisor: a VS Code window (code-server, real Chromium) presses Start and so
 * holds the stack's lock; the CLI in a terminal (dist/cli.js, real processes) then acts through the
 * window's control channel, and the window's views show the result. `status --json` equals the
 * window's own reading (the probe extension's) at every sample where the window held still, across
 * kills; db killed -9 fires service-down/db, acknowledged from the CLI (tree, status bar, dashboard,
 * Problems say so); cache killed, its alert silenced from the CLI; `stop web` (restart policy
 * always) leaves web stopped, never completed, never restarted; `down` stops everything, frees the
 * lock and leaves nothing running. Screenshots kept.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { stackLocks } from '../../src/infra/state/stackLock';
import { cleanupExtensionsDir, CodeServerSession, freePort, repoRoot, runCommand, waitFor } from './codeServer';
import { watchdogsOf } from './watchdogs';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const SVC = path.join(repoRoot, 'test', 'fixtures', 'services', 'svc.js');

interface ProbeStatus {
  name: string;
  state: string;
  reason: string | null;
  exitCode: number | null;
  signal: string | null;
  restarts: number;
  pid: number | null;
}
interface ProbeAlert {
  key: string;
  state: string;
  acknowledged: boolean;
  silenced: boolean;
}
interface Probe {
  supervisedBy?: string | null;
  active?: boolean;
  alerts?: ProbeAlert[];
  statuses?: ProbeStatus[];
}
interface StatusJson {
  source: string;
  supervisedBy: string | null;
  services: ProbeStatus[];
  alerts: { key: string; acknowledged?: boolean; silenced?: boolean }[];
}

/** What both must agree on: per service state, reason, exit, restarts, pid; the firing alerts with their marks. */
function comparable(services: readonly ProbeStatus[], alerts: readonly { key: string; acknowledged?: boolean; silenced?: boolean }[]) {
  return {
    services: services
      .map((s) => ({
        name: s.name,
        state: s.state,
        reason: s.reason,
        exitCode: s.exitCode,
        signal: s.signal,
        restarts: s.restarts,
        pid: s.pid,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    alerts: alerts
      .map((a) => ({ key: a.key, acknowledged: !!a.acknowledged, silenced: !!a.silenced }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}

describe('e2e: a window that pressed Start supervises; the CLI acts through it and status --json reads its view', function () {
  this.timeout(420_000);
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-e2e-state-'));
  const probeOut = path.join(os.tmpdir(), `stackpilot-e2e-probe-winsup-${process.pid}.json`);
  const history = `${probeOut}.history`;
  const session = new CodeServerSession({
    workspace: path.join(repoRoot, 'test', 'fixtures', 'e2e-supervisor-view'),
    trust: true,
    probe: true,
    env: { XDG_STATE_HOME: state, STACKPILOT_PROBE_OUT: probeOut, STACKPILOT_PROBE_HISTORY: history },
    settings: { 'stackpilot.autoStart': 'off' },
  });
  const env = { ...process.env, XDG_STATE_HOME: state, NO_COLOR: '1' };
  let stackId: string | undefined;

  after(async () => {
    await session.close();
    for (const p of stackId ? await findMarkedProcesses(stackId) : []) {
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    fs.rmSync(state, { recursive: true, force: true });
    fs.rmSync(probeOut, { force: true });
    fs.rmSync(history, { force: true });
    cleanupExtensionsDir();
  });

  /** Runs the CLI in the workspace, without blocking this process (the window and Playwright keep going). */
  const run = (args: string[]): Promise<{ code: number | null; out: string }> =>
    new Promise((resolve) => {
      const p = spawn(process.execPath, [cli, ...args], { cwd: session.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d) => (out += String(d)));
      p.stderr.on('data', (d) => (out += String(d)));
      p.once('exit', (code) => resolve({ code, out }));
    });
  const probe = (): Probe => {
    try {
      return JSON.parse(fs.readFileSync(probeOut, 'utf8')) as Probe;
    } catch {
      return {};
    }
  };
  const svc = (name: string) => probe().statuses?.find((s) => s.name === name);
  const alert = (key: string) => probe().alerts?.find((a) => a.key === key);
  const windowView = (p: Probe) =>
    comparable(
      p.statuses ?? [],
      (p.alerts ?? []).filter((a) => a.state === 'firing'),
    );
  let compared = 0;
  /**
   * One sample: the window's reading, `status --json`, the window's reading again. When the window
   * held still in between, status must say exactly what it says. Returns whether it was compared.
   */
  const sample = async (): Promise<boolean> => {
    const before = JSON.stringify(windowView(probe()));
    const r = await run(['status', '--json']);
    const after = JSON.stringify(windowView(probe()));
    if (before !== after) return false;
    let json: StatusJson;
    try {
      json = JSON.parse(r.out) as StatusJson;
    } catch {
      throw new Error(`status --json printed no JSON (exit ${r.code}):\n${r.out}`);
    }
    assert.equal(json.source, 'supervisor', `status reads the window's view: ${r.out}`);
    assert.match(json.supervisedBy ?? '', /VS Code window/);
    assert.deepEqual(comparable(json.services, json.alerts), JSON.parse(after), 'status --json = the window');
    compared++;
    return true;
  };
  /** The window's readings (lines `<ms> <json>`) written after byte `offset` of the history (a size taken earlier). */
  const readingsSince = (offset: number): string[] =>
    fs.existsSync(history) ? fs.readFileSync(history).subarray(offset).toString('utf8').split('\n').filter(Boolean) : [];
  const pidOf = async (name: string) => (await findMarkedProcesses(stackId!)).find((p) => p.service === name)?.pid;
  /** `stackpilot down` from a terminal: the window shows everything stopped, lets go of the lock, and nothing is left. */
  const downFromCli = async (): Promise<void> => {
    const down = await run(['down']);
    assert.equal(down.code, 0, `down: ${down.out}`);
    await waitFor(
      () => probe().active === false && (probe().statuses ?? []).every((s) => s.state === 'stopped'),
      60_000,
      () => `the window does not show the stack stopped: ${JSON.stringify(probe())}\n${down.out}`,
    );
    assert.equal(await stackLocks(session.workspace, env).holder(), undefined, 'the lock is free');
    assert.deepEqual(await findMarkedProcesses(stackId!), [], 'nothing left running');
  };

  it('Start in the window; status --json equals its view across kills; acknowledge, silence, stop and down from the CLI act through it', async () => {
    const ws = session.workspace;
    stackId = stackIdOf(ws);
    const node = JSON.stringify(process.execPath);
    const svcArgv = `[${node}, ${JSON.stringify(SVC)}]`;
    const [webPort, apiPort] = [await freePort(), await freePort()];
    fs.writeFileSync(
      path.join(ws, 'stackpilot.yaml'),
      `name: window-supervisor
services:
  web:
    argv: ${svcArgv}
    env: { NAME: web, PORT: "${webPort}" }
    health: { http: "http://127.0.0.1:${webPort}/health", interval: 1s, startPeriod: 60s }
    restart: { policy: always }
  api:
    argv: ${svcArgv}
    env: { NAME: api, PORT: "${apiPort}" }
    health: { http: "http://127.0.0.1:${apiPort}/health", interval: 1s, startPeriod: 60s }
    restart: { policy: on-failure }
  db:
    argv: ${svcArgv}
    env: { NAME: db, TICK_MS: "60000" }
    restart: { policy: "no" }
  cache:
    argv: ${svcArgv}
    env: { NAME: cache }
    restart: { policy: "no" }
`,
    );
    await session.open();
    const page = session.page;
    await page.getByRole('tab', { name: /^Stackpilot/ }).click();
    await waitFor(
      () => probe().statuses?.length === 4,
      60_000,
      () => `the window did not read the stack: ${JSON.stringify(probe())}\n${session.serverLog}`,
    );
    await runCommand(page, 'Stackpilot: Start Stack');
    const allUp = () =>
      svc('web')?.state === 'healthy' &&
      svc('api')?.state === 'healthy' &&
      svc('db')?.state === 'running' &&
      svc('cache')?.state === 'running';
    await waitFor(allUp, 120_000, () => `the stack did not come up in the window: ${JSON.stringify(probe())}`);
    assert.equal(probe().active, true);
    assert.equal(probe().supervisedBy, null, 'the window supervises it itself');
    const holder = await stackLocks(ws, env).holder();
    assert.equal(holder?.kind, 'window', `the window holds the lock: ${JSON.stringify(holder)}`);
    await page.locator('.statusbar-item', { hasText: '4/4 up' }).first().waitFor({ timeout: 30_000 });
    const text = await run(['status']);
    assert.equal(text.code, 0, `status: ${text.out}`);
    assert.match(text.out, /window-supervisor · profile \(default\) · supervised by a VS Code window \(pid \d+\)/);
    assert.match(text.out, /api +healthy/);
    const guards = await watchdogsOf(stackId);
    assert.equal(guards.length, 1, "one watchdog guards the window's run");

    // B: status --json is the window's view, sampled before and across a kill -9 of api (restarted: on-failure).
    for (let i = 0; i < 3;) if (await sample()) i++;
    const api = await pidOf('api');
    assert.ok(api, 'api runs');
    process.kill(api, 'SIGKILL');
    await waitFor(
      () => (svc('api')?.restarts ?? 0) >= 1 && svc('api')?.state === 'healthy',
      60_000,
      () => `api was not restarted: ${JSON.stringify(svc('api'))}`,
    );
    for (let i = 0; i < 2;) if (await sample()) i++;
    assert.equal(svc('api')?.signal, 'SIGKILL', 'its last exit is kept');

    // A: db killed -9 fires service-down/db in the window; the CLI acknowledges it.
    const db = await pidOf('db');
    assert.ok(db, 'db runs');
    process.kill(db, 'SIGKILL');
    // Sampled while it goes down: whatever moment status catches, it says what the window says.
    const sampledWhileDown = sample().catch((err: unknown) => err);
    await waitFor(
      () => alert('service-down/db')?.state === 'firing',
      60_000,
      () => `service-down/db did not fire in the window: ${JSON.stringify(probe())}`,
    );
    const whileDown = await sampledWhileDown;
    if (whileDown instanceof Error) throw whileDown;
    assert.equal(svc('db')?.state, 'exited');
    assert.equal(svc('db')?.signal, 'SIGKILL');
    for (let i = 0; i < 2;) if (await sample()) i++;
    const ack = await run(['acknowledge', 'service-down/db']);
    assert.equal(ack.code, 0, `acknowledge: ${ack.out}`);
    await waitFor(
      () => alert('service-down/db')?.acknowledged === true,
      20_000,
      () => `the window does not show the alert acknowledged: ${JSON.stringify(probe())}\n${ack.out}`,
    );
    for (let i = 0; i < 2;) if (await sample()) i++;
    assert.match((await run(['status'])).out, /alert firing \[critical\] db: Service is down \(service-down\/db · acknowledged\)/);
    await page.locator('.statusbar-item', { hasText: '3/4 up · 1 acknowledged' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.monaco-list-row[aria-label^="db, exited"]').click();
    await page.keyboard.press('ArrowRight'); // its alerts are its first children
    await page.locator('.monaco-list-row[aria-label^="alert service-down/db, firing · acknowledged"]').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+Shift+M');
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: /db: Service is down.*\[acknowledged\]/ })
      .first()
      .waitFor({ timeout: 15_000 });
    await session.screenshot('window-supervisor-acknowledged-from-cli');

    // cache killed: its alert silenced from the CLI; the Problems panel drops it, the dashboard says silenced.
    const cache = await pidOf('cache');
    assert.ok(cache, 'cache runs');
    process.kill(cache, 'SIGKILL');
    await waitFor(
      () => alert('service-down/cache')?.state === 'firing',
      60_000,
      () => `service-down/cache did not fire in the window: ${JSON.stringify(probe())}`,
    );
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'cache: Service is down' }).first().waitFor({ timeout: 15_000 });
    const silence = await run(['silence', 'service-down/cache', '--for', '15m']);
    assert.equal(silence.code, 0, `silence: ${silence.out}`);
    await waitFor(
      () => alert('service-down/cache')?.silenced === true,
      20_000,
      () => `the window does not show the alert silenced: ${JSON.stringify(probe())}\n${silence.out}`,
    );
    assert.equal(alert('service-down/db')?.acknowledged, true, 'db stays acknowledged');
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: 'cache: Service is down' })
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 });
    // A silence takes the alert out of the count of open ones, never out of sight: the status bar says so.
    await page
      .locator('.statusbar-item', { hasText: /1 acknowledged · 1 silenced/ })
      .first()
      .waitFor({ timeout: 15_000 });
    for (let i = 0; i < 2;) if (await sample()) i++;
    await runCommand(page, 'Stackpilot: Show Dashboard');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('[data-alert="service-down/db"][data-acknowledged="true"]').waitFor({ timeout: 30_000 });
    const cacheRow = view.locator('[data-alert="service-down/cache"]');
    await cacheRow.locator('text=silenced').first().waitFor({ timeout: 15_000 });
    // The list is redrawn as updates arrive: a redraw may detach the row mid-scroll (only the screenshot needs it).
    await cacheRow.scrollIntoViewIfNeeded().catch(() => cacheRow.scrollIntoViewIfNeeded().catch(() => undefined));
    await session.screenshot('window-supervisor-silenced-from-cli');

    // restart db (exited, restart policy no) and stop cache from the CLI: db runs again, cache is stopped
    // on purpose; both their alerts resolve, in the window and in status alike.
    const restartDb = await run(['restart', 'db']);
    assert.equal(restartDb.code, 0, `restart db: ${restartDb.out}`);
    const stopCache = await run(['stop', 'cache']);
    assert.equal(stopCache.code, 0, `stop cache: ${stopCache.out}`);
    await waitFor(
      () => svc('db')?.state === 'running' && svc('cache')?.state === 'stopped' && !probe().alerts?.some((a) => a.state === 'firing'),
      60_000,
      () => `the window does not show db running, cache stopped and no alert firing: ${JSON.stringify(probe())}`,
    );
    await view.locator('[data-alert]').first().waitFor({ state: 'detached', timeout: 15_000 });
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: 'Service is down' })
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 });
    for (let i = 0; i < 2;) if (await sample()) i++;

    // restart api from the CLI: the window restarts it, health-gated (a new pid), and keeps supervising.
    const apiBefore = svc('api')!;
    const restart = await run(['restart', 'api']);
    assert.equal(restart.code, 0, `restart api: ${restart.out}`);
    await waitFor(
      () => svc('api')?.state === 'healthy' && svc('api')?.pid !== apiBefore.pid,
      30_000,
      () => `the window does not show api restarted: ${JSON.stringify(svc('api'))}\n${restart.out}`,
    );
    for (let i = 0; i < 2;) if (await sample()) i++;

    // stop web from the CLI (restart policy always): stopped in the window, never completed, never restarted.
    const stoppedFrom = fs.statSync(history).size;
    const stop = await run(['stop', 'web']);
    assert.equal(stop.code, 0, `stop web: ${stop.out}`);
    await waitFor(
      () => svc('web')?.state === 'stopped',
      30_000,
      () => `the window does not show web stopped: ${JSON.stringify(svc('web'))}\n${stop.out}`,
    );
    await view.locator('[data-service="web"][data-state="stopped"]').waitFor({ timeout: 15_000 });
    for (let i = 0; i < 2;) if (await sample()) i++;
    assert.equal(probe().active, true, 'the window keeps supervising the rest');
    assert.equal((await stackLocks(ws, env).holder())?.kind, 'window', 'and holds the lock');
    await session.screenshot('window-supervisor-web-stopped-from-cli');
    // Nothing is started beside the window: `up` refuses, `up --wait` reports and says how to have the window start web.
    const upAgain = await run(['up']);
    assert.equal(upAgain.code, 1, upAgain.out);
    assert.match(upAgain.out, /window-supervisor is supervised by a VS Code window \(pid \d+\): not starting it a second time/);
    const upWait = await run(['up', '--wait']);
    assert.equal(upWait.code, 1, upWait.out);
    assert.match(upWait.out, /not started here: web, cache; `stackpilot restart web cache` asks the supervisor to start them/);
    // It shows the window's view (as status does), not a look of its own: the window's services are not `adopted`.
    assert.match(upWait.out, /api +healthy/);
    assert.doesNotMatch(upWait.out, /adopted/);
    assert.equal(svc('web')?.state, 'stopped', 'web was not started');
    assert.equal((await stackLocks(ws, env).holder())?.kind, 'window', 'the window still holds the lock');

    // down from the CLI: the window stops everything and lets go; nothing is left.
    const downFrom = fs.statSync(history).size;
    await downFromCli();
    // Every reading of the window since the down: stopping or stopped on purpose, never completed, never started again.
    for (const line of readingsSince(downFrom))
      for (const x of (JSON.parse(line.slice(line.indexOf(' ') + 1)) as Probe).statuses ?? [])
        assert.ok(['running', 'healthy', 'stopping', 'stopped'].includes(x.state), `${x.name} read ${x.state} during down`);
    // Its watchdog is not left behind either (it exits once the run it guards ends).
    for (const end = Date.now() + 30_000; (await watchdogsOf(stackId)).length && Date.now() < end;)
      await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await watchdogsOf(stackId), [], 'the watchdog exited');
    for (const name of ['web', 'api', 'db', 'cache'])
      await view.locator(`[data-service="${name}"][data-state="stopped"]`).waitFor({ timeout: 15_000 });
    await page
      .locator('.statusbar-item', { hasText: /window-supervisor: stopped|0\/4 up/ })
      .first()
      .waitFor({ timeout: 15_000 });
    await session.screenshot('window-supervisor-down-from-cli');
    const after = JSON.parse((await run(['status', '--json'])).out) as StatusJson;
    assert.equal(after.supervisedBy, null);
    assert.deepEqual(
      after.services.map((s) => s.state),
      ['stopped', 'stopped', 'stopped', 'stopped'],
    );

    // Every reading of the window since the stop: web was stopping or stopped, never completed or started again.
    const since = readingsSince(stoppedFrom);
    const webStates = since.map((l) => (JSON.parse(l.slice(l.indexOf(' ') + 1)) as Probe).statuses?.find((s) => s.name === 'web')?.state);
    const bad = webStates.filter((s) => s !== undefined && !['healthy', 'stopping', 'stopped'].includes(s));
    assert.deepEqual(bad, [], `web after its stop: ${webStates.join(' ')}`);
    assert.ok(webStates.lastIndexOf('healthy') < webStates.indexOf('stopped'), `web was not started again: ${webStates.join(' ')}`);

    // The window is not left half-way: Start from the palette runs the stack again, Stop stops it.
    await runCommand(page, 'Stackpilot: Start Stack');
    await waitFor(allUp, 120_000, () => `Start after the CLI's down did not bring the stack up: ${JSON.stringify(probe())}`);
    assert.equal((await stackLocks(ws, env).holder())?.kind, 'window', 'the window holds the lock again');
    for (let i = 0; i < 2;) if (await sample()) i++;
    await runCommand(page, 'Stackpilot: Stop Stack');
    await waitFor(
      () => probe().active === false && (probe().statuses ?? []).every((s) => s.state === 'stopped'),
      60_000,
      () => `Stop did not stop the stack: ${JSON.stringify(probe())}`,
    );
    assert.deepEqual(await findMarkedProcesses(stackId), [], 'nothing left running after Stop');
    console.log(`      status --json compared with the window's view at ${compared} samples`);
  });

  it("down from the CLI while the window's Start still waits on a slow service: everything stops, nothing starts after, no start failure is shown", async () => {
    const ws = session.workspace;
    stackId = stackIdOf(ws);
    const node = JSON.stringify(process.execPath);
    const svcArgv = `[${node}, ${JSON.stringify(SVC)}]`;
    const [slowPort, depPort] = [await freePort(), await freePort()];
    fs.writeFileSync(
      path.join(ws, 'stackpilot.yaml'),
      `name: window-supervisor-slow
services:
  slow:
    argv: ${svcArgv}
    env: { NAME: slow, PORT: "${slowPort}", READY_DELAY_MS: "600000" }
    health: { http: "http://127.0.0.1:${slowPort}/health", interval: 1s, startPeriod: 600s }
  dep:
    argv: ${svcArgv}
    env: { NAME: dep, PORT: "${depPort}" }
    health: { http: "http://127.0.0.1:${depPort}/health", interval: 1s }
    dependsOn: { slow: healthy }
    restart: { policy: always }
`,
    );
    if (!session.page) await session.open();
    const page = session.page;
    // Whatever the test before left (it may have failed midway): this one starts from a stopped stack.
    if (probe().active) {
      await runCommand(page, 'Stackpilot: Stop Stack');
      await waitFor(
        () => probe().active === false,
        60_000,
        () => `Stop did not end the earlier run: ${JSON.stringify(probe())}`,
      );
    }
    await waitFor(
      () =>
        probe()
          .statuses?.map((s) => s.name)
          .join() === 'slow,dep' ||
        probe()
          .statuses?.map((s) => s.name)
          .join() === 'dep,slow',
      60_000,
      () => `the window did not read the new stack file: ${JSON.stringify(probe())}`,
    );
    const from = fs.existsSync(history) ? fs.statSync(history).size : 0;
    await runCommand(page, 'Stackpilot: Start Stack');
    await waitFor(
      () => svc('slow')?.state === 'starting' && svc('dep')?.state === 'waiting',
      60_000,
      () => `slow is not starting with dep waiting on it: ${JSON.stringify(probe())}`,
    );
    await downFromCli();
    const readings = readingsSince(from).map((l) => JSON.parse(l.slice(l.indexOf(' ') + 1)) as Probe);
    const depStates = readings.map((p) => p.statuses?.find((s) => s.name === 'dep')?.state);
    assert.ok(!depStates.some((s) => s === 'starting' || s === 'running' || s === 'healthy'), `dep was started: ${depStates.join(' ')}`);
    // The stop is the user's wish: the window says who cut its start short, and shows no start failure.
    await page
      .locator('.notifications-toasts', { hasText: /the start was cut short: stopped by stackpilot down \(pid \d+\)/ })
      .first()
      .waitFor({ timeout: 15_000 });
    assert.equal(
      await page.locator('.notifications-toasts', { hasText: /failed|interrupted|before it was up/ }).count(),
      0,
      'no start failure shown',
    );
    await session.screenshot('window-supervisor-down-during-start');
  });
});
