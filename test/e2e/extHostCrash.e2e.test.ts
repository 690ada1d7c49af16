/**
 * An extension host that crashes alone (code-server and the browser stay): the window that started
 * the stack (stopOnClose on) is gone without a deactivate, so its run's watchdog stops what it
 * started. Whatever the editor shows afterwards must be true: once an extension host runs again the
 * service reads stopped (on purpose), never running, never exited.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { stackLocks } from '../../src/infra/state/stackLock';
import { CodeServerSession, cleanupExtensionsDir, runCommand } from './codeServer';

describe('e2e: the extension host alone crashes (stopOnClose on)', function () {
  this.timeout(240_000);
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-exthost-src-'));
  const js = 'setInterval(() => {}, 1e9)';
  fs.writeFileSync(
    path.join(src, 'stackpilot.yaml'),
    `name: exthost-crash\nservices:\n  worker:\n    argv: ${JSON.stringify([process.execPath, '-e', js])}\n    stopGracePeriod: 1s\n`,
  );
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-exthost-state-'));
  const session = new CodeServerSession({
    workspace: src,
    trust: true,
    settings: { 'stackpilot.autoStart': 'off', 'stackpilot.stopOnClose': true },
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
    for (const p of await findMarkedProcesses(stackId()).catch(() => [])) process.kill(-p.pid, 'SIGKILL');
    fs.rmSync(src, { recursive: true, force: true });
    fs.rmSync(state, { recursive: true, force: true });
    cleanupExtensionsDir();
  });

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
