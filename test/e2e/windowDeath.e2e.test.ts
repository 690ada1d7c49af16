/**
 * Lifetimes that hold when the editor dies (code-server, real processes): a window that started the
 * stack (stopOnClose on, the default) is killed with SIGKILL, code-server and its extension host
 * together, so no deactivate runs; the run's watchdog stops the service it started and exits.
 * With stopOnClose off the same death hands the service over: it keeps running.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { stackLocks } from '../../src/infra/state/stackLock';
import { CodeServerSession, cleanupExtensionsDir, runCommand } from './codeServer';
import { watchdogsOf } from './watchdogs';

/**
 * A signal to code-server's whole process group: SIGKILL is a crash (server and extension host at
 * once, no deactivate); SIGINT is what a terminal's Ctrl-C sends (`npm run demo`).
 */
function signalServerGroup(session: CodeServerSession, signal: NodeJS.Signals): void {
  const pid = (session as unknown as { proc?: { pid?: number } }).proc?.pid;
  assert.ok(pid, 'code-server runs');
  process.kill(-pid, signal);
}

for (const [stopOnClose, signal] of [
  [true, 'SIGKILL'],
  [false, 'SIGKILL'],
  [true, 'SIGINT'],
] as const)
  describe(`e2e: the window dies with ${signal} (stopOnClose ${stopOnClose})`, function () {
    this.timeout(240_000);
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-death-src-'));
    const js = 'setInterval(() => {}, 1e9)';
    fs.writeFileSync(
      path.join(src, 'stackpilot.yaml'),
      `name: window-death\nservices:\n  worker:\n    argv: ${JSON.stringify([process.execPath, '-e', js])}\n    stopGracePeriod: 1s\n`,
    );
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-death-state-'));
    const session = new CodeServerSession({
      workspace: src,
      trust: true,
      settings: { 'stackpilot.autoStart': 'off', 'stackpilot.stopOnClose': stopOnClose },
      env: { XDG_STATE_HOME: state },
    });
    const stackId = () => stackIdOf(session.workspace);
    const marked = async () => (await findMarkedProcesses(stackId())).map((p) => p.service).sort();

    before(async () => {
      await session.open();
      await session.page.getByRole('tab', { name: /^Stackpilot/ }).click();
      await session.page.locator('.monaco-list-row[aria-label^="worker, stopped"]').waitFor({ timeout: 60_000 });
    });
    after(async () => {
      await session.close().catch(() => undefined);
      for (const pid of await watchdogsOf(stackId()).catch(() => [])) process.kill(pid, 'SIGKILL');
      for (const p of await findMarkedProcesses(stackId()).catch(() => [])) process.kill(-p.pid, 'SIGKILL');
      fs.rmSync(src, { recursive: true, force: true });
      fs.rmSync(state, { recursive: true, force: true });
      cleanupExtensionsDir();
    });

    it(stopOnClose ? 'its watchdog stops what it started, then exits' : 'the service is handed over: it keeps running', async () => {
      const page = session.page;
      await runCommand(page, 'Stackpilot: Start Stack');
      await page.locator('.monaco-list-row[aria-label^="worker, running"]').waitFor({ timeout: 60_000 });
      assert.deepEqual(await marked(), ['worker']);
      const settle = Date.now() + 10_000;
      while (stopOnClose && !(await watchdogsOf(stackId())).length && Date.now() < settle) await new Promise((r) => setTimeout(r, 200));
      const guards = await watchdogsOf(stackId());
      assert.equal(guards.length, stopOnClose ? 1 : 0, stopOnClose ? 'one watchdog guards the run' : 'nothing to guard');
      // The window's extension host holds the lock: with SIGKILL it dies too, even should code-server
      // have started it in a process group of its own (a clean CI run saw it survive and stop the worker itself).
      const holder = await stackLocks(session.workspace, { XDG_STATE_HOME: state }).holder();
      await session.closeBrowser();
      signalServerGroup(session, signal);
      if (signal === 'SIGKILL' && holder) {
        try {
          process.kill(holder.pid, 'SIGKILL');
        } catch {
          // died with the group
        }
      }
      if (stopOnClose) {
        const end = Date.now() + 30_000;
        while ((await marked()).length && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
        assert.deepEqual(await marked(), [], `the watchdog stopped the worker:\n${session.serverLog.slice(-2000)}`);
        const gone = Date.now() + 10_000;
        while ((await watchdogsOf(stackId())).length && Date.now() < gone) await new Promise((r) => setTimeout(r, 200));
        assert.deepEqual(await watchdogsOf(stackId()), [], 'the watchdog exited');
        const logFile = path.join(state, 'stackpilot', stackId(), 'watchdog.log');
        const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
        // A Ctrl-C may let the window stop the worker itself (deactivate); a SIGKILL never does.
        if (signal === 'SIGKILL')
          assert.match(log, /a VS Code window \(pid \d+\) (exited|is gone) without ending its run: stopping worker/);
      } else {
        await new Promise((r) => setTimeout(r, 3000));
        assert.deepEqual(await marked(), ['worker'], 'handed over, still running');
      }
    });
  });
