/**
 * Secrets found on open, as a person sees it in code-server: a folder with no stack file and a
 * committed .env holding a synthetic key is opened in Restricted Mode (not trusted: scanning runs
 * nothing), and the finding is in the Problems panel without any command or opened file. A file
 * written on disk afterwards is found too, and its finding goes when the file does.
 * Screenshots go to test-results/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { CodeServerSession, cleanupExtensionsDir, repoRoot } from './codeServer';

// Synthetic value (generated; no real credential), written by the test.
const datadogKey = '3f9c1a7e5b2d4c8e9a0b6f1d2e7c4a95';

const problem = (page: Page, text: string | RegExp) => page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();

describe('e2e: secrets in Problems on open, without any command', function () {
  this.timeout(240_000);
  after(() => cleanupExtensionsDir());
  const session = new CodeServerSession({
    workspace: path.join(repoRoot, 'test', 'fixtures', 'e2e-secrets-open'),
    trust: false,
    settings: { 'stackpilot.autoStart': 'off' },
  });
  before(async () => {
    await session.open();
  });
  after(async () => {
    await session.close();
  });

  it('lists the committed .env key and a hex secret in a closed YAML file; the generated folder is skipped', async () => {
    const page = session.page;
    await page.keyboard.press('Control+Shift+M');
    const row = problem(page, 'Stripe live secret key');
    await row.waitFor({ timeout: 90_000 });
    const text = (await row.textContent()) ?? '';
    assert.match(text, /Stripe live secret key: sk_l…/);
    assert.match(text, /stackpilot-secrets/);
    assert.ok(!/sk_live_[A-Za-z0-9]{5}/.test(text), `the Problems panel shows the secret's value: ${text}`);
    await problem(page, 'Hex secret under a secret-named key').waitFor({ timeout: 30_000 });
    // No editor was opened: the findings come from the background scan of files on disk.
    assert.equal(await page.locator('.tabs-container .tab').count(), 0);
    const all = await page.locator('.markers-panel').textContent();
    assert.ok(!all?.includes('bundle.js'), 'dist/ is a generated folder and is not scanned');
    await session.screenshot('secrets-on-open-problems');
  });

  it('finds a secret in a file written on disk later, and drops it when the file is deleted', async () => {
    const page = session.page;
    const file = path.join(session.workspace, 'services', 'metrics.env');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `DD_API_KEY=${datadogKey}\n`);
    const row = problem(page, 'Datadog API key');
    await row.waitFor({ timeout: 60_000 });
    assert.match((await row.textContent()) ?? '', /Datadog API key: 3f9c…/);
    await session.screenshot('secrets-on-open-new-file');
    fs.rmSync(file);
    await row.waitFor({ state: 'detached', timeout: 60_000 });
  });
});
