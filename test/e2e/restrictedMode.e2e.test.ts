/**
 * Restricted Mode in a real VS Code (code-server with workspace trust on, the folder untrusted): a
 * stack whose exec probe would touch a file and whose http probe points at a counting listener. The
 * file never appears and the listener counts 0 (also after Refresh); the Services view says why.
 * Trusting the folder then runs the probes, without a reload. Screenshots go to test-results/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { CodeServerSession, cleanupExtensionsDir, waitFor, runCommand } from './codeServer';

const row = (page: Page, label: string) => page.locator(`.monaco-list-row[aria-label^="${label}"]`).first();

describe('e2e: Restricted Mode runs nothing from the workspace', function () {
  this.timeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-restricted-'));
  const workspace = path.join(dir, 'workspace');
  const touched = path.join(dir, 'PROBED');
  let server: Server;
  let hits = 0;
  const session = new CodeServerSession({ workspace, trust: false, settings: { 'stackpilot.autoStart': 'off' } });

  before(async () => {
    server = createServer((_, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    fs.mkdirSync(workspace);
    fs.writeFileSync(
      path.join(workspace, 'stackpilot.yaml'),
      `name: hostile
services:
  probed: { external: true, health: { exec: "touch ${touched}", interval: 1s } }
  web: { external: true, health: { http: "http://127.0.0.1:${port}/", interval: 1s } }
`,
    );
    await session.open();
  });
  after(async () => {
    await session.close();
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
    cleanupExtensionsDir();
  });

  it('sends no probe while untrusted and says so in the view; Trust runs the probes without a reload', async () => {
    const page = session.page;
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: /^Stackpilot/ }).click();
    await row(page, 'Restricted Mode: nothing from this workspace runs').waitFor({ timeout: 60_000 });
    await row(page, 'web, stopped, not checked: workspace not trusted').waitFor({ timeout: 30_000 });
    await page
      .locator('.part.sidebar', { hasText: 'this workspace is not trusted, so Stackpilot runs nothing from it' })
      .first()
      .waitFor({ timeout: 10_000 });
    // Refresh re-reads the stack (it used to probe again on every Refresh).
    await runCommand(page, 'Stackpilot: Refresh');
    await row(page, 'web, stopped, not checked: workspace not trusted').waitFor({ timeout: 30_000 });
    await session.screenshot('restricted-mode-untrusted');
    assert.equal(fs.existsSync(touched), false, 'the exec probe ran in Restricted Mode');
    assert.equal(hits, 0, 'the http probe was sent in Restricted Mode');

    // A marker on the page: a reload would lose it.
    await page.evaluate(() => ((globalThis as unknown as { spNoReload: number }).spNoReload = 1));
    await row(page, 'Restricted Mode: nothing from this workspace runs').click();
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trust.waitFor({ timeout: 30_000 });
    await trust.click();
    await waitFor(
      () => hits > 0 && fs.existsSync(touched),
      60_000,
      () => `probes after trust: hits ${hits}, file ${fs.existsSync(touched)}\n${session.serverLog.slice(-2000)}`,
    );
    // The trust editor took the editor area; the Services view is still open beside it.
    await row(page, 'web, healthy').waitFor({ timeout: 30_000 });
    assert.equal(await row(page, 'Restricted Mode').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as unknown as { spNoReload?: number }).spNoReload), 1, 'the window reloaded');
    await session.screenshot('restricted-mode-trusted');
  });
});
