/**
 * An extension host that crashes alone (code-server and the browser stay): the window that started
 * the stack (stopOnClose on) is gone without a deactivate, so its run's watchdog stops what it
 * started. Whatever the editor shows afterwards must be true: once an extension host runs again the
 * service reads stopped (on purpose), never running, never exited.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackLocks } from '../../src/infra/state/stackLock';
import { cleanupExtensionsDir, runCommand } from './codeServer';
import { idleWorkerWindow } from './idleWorkerWindow';

describe('e2e: the extension host alone crashes (stopOnClose on)', function () {
  this.timeout(240_000);
  const { session, state, stackId, marked } = idleWorkerWindow('exthost-crash', true);
  after(() => cleanupExtensionsDir());

  it('the watchdog stops what the window started; the window shows it stopped, never running or exited', async () => {
    const page = session.page;
    await runCommand(page, 'Stackpilot: Start Stack');
    await page.locator('.monaco-list-row[aria-label^="worker, running"]').waitFor({ timeout: 60_000 });
    assert.deepEqual(await marked(), ['worker']);
    const locks = stackLocks(session.workspace, { XDG_STATE_HOME: state });
    const holder = await locks.holder();
    assert.ok(holder, 'the window holds the stack lock');
    process.kill(holder.pid, 'SIGKILL');
    const end = Date.now() + 30_000;
    while ((await marked()).length && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await marked(), [], `the watchdog stopped the worker:\n${session.serverLog.slice(-2000)}`);
    const log = fs.readFileSync(path.join(state, 'stackpilot', stackId(), 'watchdog.log'), 'utf8');
    assert.match(log, /a VS Code window \(pid \d+\) (exited|is gone) without ending its run: stopping worker/);
    await session.screenshot('exthost-crash-after-kill');
    // VS Code offers (or does) a restart of the extension host; once one runs, the row must be the truth.
    const restart = page.getByRole('button', { name: /Restart Extension Host/i });
    if (await restart.isVisible().catch(() => false)) await restart.click();
    // Stopped on purpose (by the watchdog, for the window): stopped, not "exited (status unknown)".
    await page.locator('.monaco-list-row[aria-label^="worker, stopped"]').waitFor({ timeout: 90_000 });
    assert.equal(
      await page.locator('.monaco-list-row[aria-label^="worker, running"], .monaco-list-row[aria-label^="worker, exited"]').count(),
      0,
    );
    await session.screenshot('exthost-crash-restarted');
  });
});
