/**
 * Secret scanning in code-server, continued: the "Add to secrets baseline" quick fix accepts a
 * finding (it leaves the Problems panel, and the baseline file holds its fingerprint, never the
 * value), and an untrusted workspace (Restricted Mode) still gets secret diagnostics, since
 * scanning runs no workspace code. Screenshots go to test-results/.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { fingerprint } from '../../src/core/secrets/fingerprint';
import { CodeServerSession, cleanupExtensionsDir, repoRoot, waitFor } from './codeServer';

// Synthetic value (generated; no real credential), as in test/fixtures/e2e-secrets/docker-compose.yml.
const stripeKey = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcQx9Rm2Ka';
const fixture = path.join(repoRoot, 'test', 'fixtures', 'e2e-secrets');

async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 10_000 });
}

async function goTo(page: Page, lineCol: string): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(`:${lineCol}`);
  await page.keyboard.press('Enter');
}

const problem = (page: Page, text: string) => page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();

describe('e2e: secret baseline quick fix and Restricted Mode', function () {
  this.timeout(240_000);
  after(() => cleanupExtensionsDir());

  describe('trusted workspace: Add to secrets baseline', () => {
    const session = new CodeServerSession({ workspace: fixture, trust: true, settings: { 'stackpilot.autoStart': 'off' } });
    before(async () => {
      await session.open();
    });
    after(async () => {
      await session.close();
    });

    it('accepts the finding: it leaves the Problems panel and the baseline holds its fingerprint, not the value', async () => {
      const page = session.page;
      await openFile(page, 'docker-compose.yml');
      await page.keyboard.press('Control+Shift+M');
      await problem(page, 'Stripe live secret key').waitFor({ timeout: 30_000 });

      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await goTo(page, '7:30');
      await page.keyboard.press('Control+.');
      // The preferred fix is focused first; the menu's pointer block swallows clicks, so use the keyboard.
      await page.locator('.action-widget .monaco-list-row.focused[aria-label="Move secret to .env"]').waitFor({ timeout: 15_000 });
      for (let i = 0; i < 5; i++) {
        if ((await page.locator('.action-widget .monaco-list-row.focused[aria-label="Add to secrets baseline"]').count()) > 0) break;
        await page.keyboard.press('ArrowDown');
      }
      await page.locator('.action-widget .monaco-list-row.focused[aria-label="Add to secrets baseline"]').waitFor({ timeout: 5_000 });
      await session.screenshot('secrets-baseline-menu');
      await page.keyboard.press('Enter');

      await problem(page, 'Stripe live secret key').waitFor({ state: 'detached', timeout: 15_000 });
      const baselineFile = path.join(session.workspace, '.stackpilot-secrets-baseline.json');
      await waitFor(
        () => fs.existsSync(baselineFile) && fs.readFileSync(baselineFile, 'utf8').includes('"entries"'),
        15_000,
        () => 'no baseline file was written',
      );
      const text = fs.readFileSync(baselineFile, 'utf8');
      assert.ok(!text.includes(stripeKey) && !text.includes(stripeKey.slice(8)), `the baseline holds the secret's value:\n${text}`);
      const baseline = JSON.parse(text) as {
        version: number;
        entries: { fingerprint: string; ruleId: string; file: string; line: number }[];
      };
      assert.deepEqual(baseline, {
        version: 1,
        entries: [
          {
            fingerprint: fingerprint('stripe-secret-key', 'docker-compose.yml', stripeKey),
            ruleId: 'stripe-secret-key',
            file: 'docker-compose.yml',
            line: 7,
          },
        ],
      });
      await session.screenshot('secrets-baseline-accepted');

      // The CLI reads the same file: with it, the compose file has nothing new to report.
      const cli = spawnSync(
        process.execPath,
        [path.join(repoRoot, 'dist', 'cli.js'), 'scan', '--baseline', '.stackpilot-secrets-baseline.json', 'docker-compose.yml'],
        { cwd: session.workspace, encoding: 'utf8' },
      );
      assert.equal(cli.status, 0, `stackpilot scan with the baseline: ${cli.stdout}${cli.stderr}`);
    });
  });

  describe('untrusted workspace (Restricted Mode)', () => {
    const session = new CodeServerSession({ workspace: fixture, trust: false, settings: { 'stackpilot.autoStart': 'off' } });
    before(async () => {
      await session.open();
    });
    after(async () => {
      await session.close();
    });

    it('still reports secrets as diagnostics, masked', async () => {
      const page = session.page;
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
      await openFile(page, 'docker-compose.yml');
      await page.keyboard.press('Control+Shift+M');
      const row = problem(page, 'Stripe live secret key');
      await row.waitFor({ timeout: 30_000 });
      const text = (await row.textContent()) ?? '';
      assert.match(text, /Stripe live secret key: sk_l…/);
      assert.ok(!text.includes(stripeKey.slice(4)), `the Problems panel shows the secret's value: ${text}`);
      await session.screenshot('secrets-untrusted');
    });
  });
});
