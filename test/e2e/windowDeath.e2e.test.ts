/**
 * Lifetimes that hold when the editor dies (code-server, real processes): a window that started the
 * stack (stopOnClose on, the default) is killed with SIGKILL, code-server and its extension host
 * together, so no deactivate runs; the run's watchdog stops the service it started and exits.
 * With stopOnClose off the same death hands the service over: it keeps running.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackLocks } from '../../src/infra/state/stackLock';
import { type CodeServerSession, cleanupExtensionsDir, runCommand } from './codeServer';
import { idleWorkerWindow, watchdogsOf } from './idleWorkerWindow';

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
    const { session, state, stackId, marked } = idleWorkerWindow('window-death', stopOnClose);
    after(() => cleanupExtensionsDir());

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
      // The signal first, the browser after: a page closed first is a window closed, and on a loaded
      // clean CI run the server shut that window's extension host down gracefully (deactivate stopped
      // the worker itself, the watchdog was released and logged nothing) before the SIGKILL came.
      signalServerGroup(session, signal);
      if (signal === 'SIGKILL' && holder) {
        try {
          process.kill(holder.pid, 'SIGKILL');
        } catch {
          // died with the group
        }
      }
      await session.closeBrowser();
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
