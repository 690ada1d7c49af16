/**
 * Issue 22's small truths, seen in code-server through Chromium: the status bar with an
 * acknowledged warning (counted apart, calmer colour, never red), the dashboard's alerts chip by
 * severity, and a chart across a kill (a gap, not a line). Screenshots go to test-results/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { CodeServerSession, cleanupExtensionsDir, repoRoot, resultsDir } from './codeServer';

function dashboard(session: CodeServerSession): FrameLocator {
  return session.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The page's globals these checks use (this file is compiled without the DOM library). */
interface PageWindow {
  getComputedStyle(e: unknown): { backgroundColor: string };
  document: { createElement(tag: string): { style: { background: string }; remove(): void } };
}
const background = (item: Locator) => item.evaluate((e) => (globalThis as unknown as PageWindow).getComputedStyle(e).backgroundColor);
/** The theme's error colour as computed (rgb), for a like-for-like comparison with a computed background. */
const errorColour = (body: Locator) =>
  body.evaluate((b) => {
    const w = globalThis as unknown as PageWindow;
    const d = w.document.createElement('div');
    d.style.background = 'var(--vscode-errorForeground)';
    (b as unknown as { append(x: unknown): void }).append(d);
    const c = w.getComputedStyle(d).backgroundColor;
    d.remove();
    return c;
  });

describe('e2e: small truths in the views (status bar, alerts chip, chart gaps)', function () {
  this.timeout(300_000);
  const session = new CodeServerSession({
    workspace: path.join(repoRoot, 'test', 'fixtures', 'e2e-views'),
    // The example's own TCP server, not a copy of it.
    files: { 'services/tcp-store.js': 'examples/services/tcp-store.js' },
    trust: true,
    settings: { 'stackpilot.autoStart': 'on' },
  });
  const statusItem = () => session.page.locator('.statusbar-item', { hasText: /\d\/2 up/ }).first();
  const shot = async (name: string, what: Locator) => {
    fs.mkdirSync(resultsDir, { recursive: true });
    await what.screenshot({ path: path.join(resultsDir, `${name}.png`) });
  };
  const colours: Record<string, string> = {};

  before(async () => {
    await session.open();
    await session.page.locator('.statusbar-item', { hasText: '2/2 up' }).waitFor({ timeout: 90_000 });
  });
  after(async () => {
    await session.close();
    cleanupExtensionsDir();
  });

  it('a warning: yellow status bar and a warning-coloured alerts chip, not red', async () => {
    const item = session.page.locator('.statusbar-item', { hasText: '2/2 up · 1 alert' });
    await item.waitFor({ timeout: 30_000 });
    colours.warning = await background(item);
    await item.click();
    const view = dashboard(session);
    const chip = view.locator('.chip.alerts-chip');
    await view.locator('.chip.alerts-chip[data-level="warning"]', { hasText: '1 alert' }).waitFor({ timeout: 30_000 });
    await view.locator('[data-alert="web-latency-watch/web"]').waitFor({ timeout: 10_000 });
    const chipColour = await background(chip);
    const red = await errorColour(view.locator('body'));
    assert.match(red, /^rgb/);
    assert.notEqual(chipColour, red, 'a warning-only set is not red');
    await shot('views-alerts-chip-warning', view.locator('header'));
    await session.screenshot('views-dashboard-warning');
  });

  it('acknowledged: counted apart in the status bar, in a calmer colour; the chip says so', async () => {
    const view = dashboard(session);
    await view
      .locator('[data-alert="web-latency-watch/web"]')
      .getByRole('button', { name: /Acknowledge/ })
      .click();
    const item = session.page.locator('.statusbar-item', { hasText: '2/2 up · 1 acknowledged' });
    await item.waitFor({ timeout: 15_000 });
    assert.doesNotMatch((await item.textContent()) ?? '', /1 alert/);
    colours.acknowledged = await background(item);
    assert.notEqual(colours.acknowledged, colours.warning, 'calmer than the warning colour');
    await view.locator('.chip.alerts-chip[data-level="acknowledged"]', { hasText: '1 acknowledged' }).waitFor({ timeout: 10_000 });
    await shot('views-statusbar-acknowledged-warning', session.page.locator('.part.statusbar'));
    await shot('views-alerts-chip-acknowledged', view.locator('header'));
  });

  it('a chart across a kill: db killed, started again; its lines have a gap, not a straight line', async () => {
    const view = dashboard(session);
    // A few seconds of samples before the kill.
    await view.locator('.chart[data-metric="memory"]:not(.no-data)').waitFor({ timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 8_000));
    const state = JSON.parse(fs.readFileSync(path.join(session.workspace, '.stackpilot', 'state.json'), 'utf8')) as {
      records: { service: string; pid: number }[];
    };
    process.kill(state.records.find((r) => r.service === 'db')!.pid, 'SIGKILL');
    await view.locator('[data-service="db"][data-state="exited"]').waitFor({ timeout: 10_000 });
    // Red now: a critical alert nobody acknowledged; the acknowledged warning is still counted apart.
    const item = session.page.locator('.statusbar-item', { hasText: '1/2 up · 1 alert · 1 acknowledged' });
    await item.waitFor({ timeout: 15_000 });
    colours.error = await background(item);
    assert.notEqual(colours.error, colours.warning);
    assert.notEqual(colours.error, colours.acknowledged);
    await view.locator('.chip.alerts-chip[data-level="critical"]').waitFor({ timeout: 10_000 });
    await shot('views-statusbar-critical-and-acknowledged', session.page.locator('.part.statusbar'));
    await new Promise((r) => setTimeout(r, 6_000));
    await view.getByRole('button', { name: 'Start db', exact: true }).click();
    await view.locator('[data-service="db"][data-state="healthy"]').waitFor({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 8_000));
    // db's lines only: one gap each in CPU and memory, where db was not running.
    await view.locator('[data-node="db"]').click();
    await view.locator('.card.selected[data-service="db"]').waitFor({ timeout: 5_000 });
    for (const metric of ['cpu', 'memory'])
      await view.locator(`.chart[data-metric="${metric}"][data-gaps="1"]`).waitFor({ timeout: 10_000 });
    assert.match(
      (await view.locator('.chart[data-metric="memory"]').getAttribute('aria-label')) ?? '',
      /1 gap where a service was not running/,
    );
    await view.locator('#charts').scrollIntoViewIfNeeded();
    await session.screenshot('views-chart-gap-across-kill');
    await shot('views-chart-gap-across-kill-charts', view.locator('#charts'));
    await statusItem().waitFor({ timeout: 5_000 });
  });
});
