/**
 * The dashboard across an extension host crash (issue #14): the open tab froze on the dead run
 * (cards healthy with dead pids, "running 1 min") and Show Dashboard opened a second tab. The new
 * host must take the one tab over and show the current truth: stopped (the window's watchdog
 * stopped what it started), then the new host's own run. Screenshots before and after.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { stackLocks } from '../../src/infra/state/stackLock';
import { CodeServerSession, cleanupExtensionsDir, runCommand } from './codeServer';

function dashboard(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

const csp = async (view: FrameLocator) =>
  (await view.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content', { timeout: 10_000 })) ?? '';

/** Editor tabs of the dashboard (its title is the stack's tool name). */
const dashboardTabs = (page: Page) => page.locator('.editor-group-container .tabs-container .tab', { hasText: /^Stackpilot/ });

describe('e2e: the dashboard after an extension host crash is taken over by the new host', function () {
  this.timeout(240_000);
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-revive-src-'));
  const js = 'setInterval(() => {}, 1e9)';
  const service = (name: string) => `  ${name}:\n    argv: ${JSON.stringify([process.execPath, '-e', js])}\n    stopGracePeriod: 1s\n`;
  fs.writeFileSync(path.join(src, 'stackpilot.yaml'), `name: revive-dash\nservices:\n${service('worker')}${service('queue')}`);
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-revive-state-'));
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

  it('one tab, live again: stopped after the crash, the next Start shown running, Show Dashboard reveals that tab', async () => {
    const page = session.page;
    await runCommand(page, 'Stackpilot: Start Stack');
    await page.locator('.monaco-list-row[aria-label^="worker, running"]').waitFor({ timeout: 60_000 });
    await runCommand(page, 'Stackpilot: Show Dashboard');
    let view = dashboard(page);
    for (const name of ['worker', 'queue'])
      await view.locator(`[data-service="${name}"][data-state="running"]`).waitFor({ timeout: 30_000 });
    assert.match((await view.locator('header').textContent()) ?? '', /2\/2 up.*running /);
    await session.screenshot('dashboard-revive-before-crash');
    const cspBefore = await csp(view);

    const holder = await stackLocks(session.workspace, { XDG_STATE_HOME: state }).holder();
    assert.ok(holder, 'the window holds the stack lock');
    process.kill(holder.pid, 'SIGKILL');
    const end = Date.now() + 30_000;
    while ((await marked()).length && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await marked(), [], 'the watchdog stopped what the dead window started');
    await session.screenshot('dashboard-revive-after-kill');
    const restart = page.getByRole('button', { name: /Restart Extension Host/i });
    if (await restart.isVisible().catch(() => false)) await restart.click();

    // The new host's truth, in the one tab there is: stopped, nothing counted as running.
    await page.locator('.monaco-list-row[aria-label^="worker, stopped"]').waitFor({ timeout: 90_000 });
    view = dashboard(page);
    for (const name of ['worker', 'queue'])
      await view.locator(`[data-service="${name}"][data-state="stopped"]`).waitFor({ timeout: 60_000 });
    const header = view.locator('header');
    await header.filter({ hasText: '0/2 up' }).waitFor({ timeout: 10_000 });
    assert.match((await header.textContent()) ?? '', /not running/);
    assert.doesNotMatch((await header.textContent()) ?? '', /not live/);
    assert.equal(await dashboardTabs(page).count(), 1, 'one dashboard tab');
    // The taken-over page is a new page of the new host: the same strict CSP, with a nonce of its own.
    const cspAfter = await csp(view);
    assert.match(
      cspAfter,
      /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{16,}'; style-src [^;]+; font-src [^;]+; img-src [^;]+ data:$/,
    );
    assert.notEqual(cspAfter, cspBefore, 'a fresh nonce');
    await session.screenshot('dashboard-revive-taken-over');

    // Live: a Start in the new host shows on the same tab.
    await runCommand(page, 'Stackpilot: Start Stack');
    for (const name of ['worker', 'queue'])
      await view.locator(`[data-service="${name}"][data-state="running"]`).waitFor({ timeout: 60_000 });
    await header.filter({ hasText: '2/2 up' }).waitFor({ timeout: 10_000 });

    // Show Dashboard with another editor in front: the one panel comes back, no second tab.
    await page.keyboard.press('Control+P');
    const quickOpen = page.locator('.quick-input-widget input');
    await quickOpen.fill('stackpilot.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'stackpilot.yaml' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.editor-group-container .tab.active', { hasText: 'stackpilot.yaml' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'Stackpilot: Show Dashboard');
    await page.locator('.editor-group-container .tab.active', { hasText: /^Stackpilot/ }).waitFor({ timeout: 15_000 });
    assert.equal(await dashboardTabs(page).count(), 1, 'still one dashboard tab');
    await dashboard(page).locator('[data-service="worker"][data-state="running"]').waitFor({ timeout: 30_000 });
    await session.screenshot('dashboard-revive-shown-again');
  });

  it("after Developer: Reload Window the panel is restored through the serializer: one tab, the new window's truth", async () => {
    // (code-server has no Developer: Restart Extension Host; a reload is the graceful end of a host.)
    const page = session.page;
    const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 90_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    // stopOnClose: the window going away stopped its run; the next one shows that, in the same single tab.
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await page
      .getByRole('tab', { name: /^Stackpilot/ })
      .first()
      .waitFor({ timeout: 90_000 });
    await page.locator('.monaco-list-row[aria-label^="worker, stopped"]').waitFor({ timeout: 90_000 });
    const view = dashboard(page);
    for (const name of ['worker', 'queue'])
      await view.locator(`[data-service="${name}"][data-state="stopped"]`).waitFor({ timeout: 60_000 });
    await view.locator('header').filter({ hasText: '0/2 up' }).waitFor({ timeout: 10_000 });
    assert.doesNotMatch((await view.locator('header').textContent()) ?? '', /not live/);
    assert.equal(await dashboardTabs(page).count(), 1, 'one dashboard tab');
    await session.screenshot('dashboard-revive-after-reload');
  });
});
