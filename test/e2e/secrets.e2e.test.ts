/**
 * Secret scanning as a person sees it in code-server: a synthetic secret in a compose file shows up
 * in the Problems panel (masked), a secret typed into the editor appears as you type, and the
 * "Move secret to .env" quick fix moves the value out. Screenshots go to test-results/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { CodeServerSession, cleanupExtensionsDir, repoRoot, waitFor, runCommand } from './codeServer';

// Synthetic values (generated; no real credential).
const stripeKey = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcQx9Rm2Ka';
const sendgridKey = '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';

async function quickOpen(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(name);
  // Click the matching row: Enter could pick a recently opened file while the list still filters.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 10_000 });
}

async function goTo(page: Page, lineCol: string): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(`:${lineCol}`);
  await page.keyboard.press('Enter');
}

const problem = (page: Page, text: string) => page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();

describe('e2e: secret scanning in the editor', function () {
  this.timeout(240_000);
  after(() => cleanupExtensionsDir());
  const session = new CodeServerSession({
    workspace: path.join(repoRoot, 'test', 'fixtures', 'e2e-secrets'),
    trust: true,
    settings: { 'stackpilot.autoStart': 'off' },
  });
  before(async () => {
    await session.open();
  });
  after(async () => {
    await session.close();
  });

  it('reports the secret in an open compose file in the Problems panel, masked', async () => {
    const page = session.page;
    await quickOpen(page, 'docker-compose.yml');
    await page.keyboard.press('Control+Shift+M');
    const row = problem(page, 'Stripe live secret key');
    await row.waitFor({ timeout: 30_000 });
    const text = (await row.textContent()) ?? '';
    assert.match(text, /Stripe live secret key: sk_l…/);
    assert.match(text, /stackpilot-secrets/);
    assert.ok(!text.includes(stripeKey.slice(4)), `the Problems panel shows the secret's value: ${text}`);
    await session.screenshot('secrets-problems');
  });

  it('finds a secret as it is typed', async () => {
    const page = session.page;
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await goTo(page, '8:22');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(`SENDGRID_KEY: ${sendgridKey}`, { delay: 5 });
    await page.keyboard.press('Escape');
    const row = problem(page, 'SendGrid API key');
    await row.waitFor({ timeout: 15_000 });
    assert.match((await row.textContent()) ?? '', /SendGrid API key: SG\.Q…/);
    await session.screenshot('secrets-as-you-type');
  });

  it('moves the secret to .env with the quick fix (Ctrl+.)', async () => {
    const page = session.page;
    await goTo(page, '7:30');
    await page.keyboard.press('Control+.');
    // The preferred fix comes first and is focused; the menu's pointer block swallows clicks, so use the keyboard.
    await page.locator('.action-widget .monaco-list-row.focused[aria-label="Move secret to .env"]').waitFor({ timeout: 15_000 });
    const titles = await page
      .locator('.action-widget .monaco-list-row.action')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    assert.deepEqual(titles, ['Move secret to .env', 'Ignore this line (stackpilot-ignore-secret)', 'Add to secrets baseline']);
    await session.screenshot('secrets-quick-fix-menu');
    await page.keyboard.press('Enter');
    const envFile = path.join(session.workspace, '.env');
    await waitFor(
      () => fs.existsSync(envFile) && fs.readFileSync(envFile, 'utf8').includes(stripeKey),
      15_000,
      () => `.env does not hold the moved value: ${fs.existsSync(envFile) ? fs.readFileSync(envFile, 'utf8') : 'missing'}`,
    );
    assert.equal(fs.readFileSync(envFile, 'utf8'), `STRIPE_API_KEY=${stripeKey}\n`);

    // The compose file now refers to the variable (save the editor, then read it from disk).
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+S');
    const compose = path.join(session.workspace, 'docker-compose.yml');
    await waitFor(
      () => fs.readFileSync(compose, 'utf8').includes('STRIPE_API_KEY: ${STRIPE_API_KEY}'),
      15_000,
      () => fs.readFileSync(compose, 'utf8'),
    );
    assert.ok(!fs.readFileSync(compose, 'utf8').includes(stripeKey));
    await problem(page, 'Stripe live secret key')
      .filter({ hasText: 'docker-compose' })
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);

    // .env is not git-ignored in this workspace: the fix offers to add it.
    const add = page.locator('.notifications-toasts .monaco-button', { hasText: 'Add .env to .gitignore' }).first();
    await add.waitFor({ timeout: 15_000 });
    await session.screenshot('secrets-moved-to-env');
    await add.click();
    const gitignore = path.join(session.workspace, '.gitignore');
    await waitFor(
      () => fs.existsSync(gitignore) && /^\.env$/m.test(fs.readFileSync(gitignore, 'utf8')),
      15_000,
      () => '.gitignore does not list .env',
    );
  });

  it('still checks .env when open, marked as not committed (git ignores it)', async () => {
    const page = session.page;
    // Quick open hides files git ignores: open it from the Explorer.
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: /^\.env$/ })
      .first()
      .click();
    await page.locator('.tab.active', { hasText: '.env' }).waitFor({ timeout: 10_000 });
    const row = problem(page, 'not committed');
    await row.waitFor({ timeout: 15_000 });
    assert.match((await row.textContent()) ?? '', /Stripe live secret key: sk_l… — not committed: git ignores this file/);
    await session.screenshot('secrets-env-not-committed');
  });

  it('ignores a line with the "Ignore this line" quick fix', async () => {
    const page = session.page;
    await page.locator('.tab', { hasText: 'docker-compose.yml' }).first().click();
    await page.locator('.tab.active', { hasText: 'docker-compose.yml' }).waitFor({ timeout: 10_000 });
    await goTo(page, '9:30');
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row.focused[aria-label="Move secret to .env"]').waitFor({ timeout: 15_000 });
    await page.keyboard.press('ArrowDown');
    await page.locator('.action-widget .monaco-list-row.focused[aria-label^="Ignore this line"]').waitFor({ timeout: 5_000 });
    await page.keyboard.press('Enter');
    await problem(page, 'SendGrid API key').waitFor({ state: 'detached', timeout: 15_000 });
    await page.keyboard.press('Control+S');
    const compose = path.join(session.workspace, 'docker-compose.yml');
    await waitFor(
      () => /\n {6}# stackpilot-ignore-secret\n {6}SENDGRID_KEY: /.test(fs.readFileSync(compose, 'utf8')),
      15_000,
      () => fs.readFileSync(compose, 'utf8'),
    );
  });

  it('finds secrets in files that are not open with Scan Workspace for Secrets', async () => {
    const page = session.page;
    await runCommand(page, 'Stackpilot: Scan Workspace for Secrets');
    const row = problem(page, 'AWS access key ID');
    await row.waitFor({ timeout: 30_000 });
    assert.match((await row.textContent()) ?? '', /AWS access key ID: AKIA…/);
    await page.locator('.notifications-toasts', { hasText: /findings? in \d+ files?/ }).waitFor({ timeout: 15_000 });
    await session.screenshot('secrets-workspace-scan');
  });
});
