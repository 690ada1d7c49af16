/**
 * The packaged extension in a real VS Code (code-server), looked at through a real browser: what a
 * person sees when they open a workspace with a stack file. Screenshots go to test-results/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeServerSession, cleanupExtensionsDir, repoRoot } from './codeServer';

describe('e2e: the extension in code-server', function () {
  this.timeout(240_000);
  const examples = path.join(repoRoot, 'examples');
  after(() => cleanupExtensionsDir());

  describe('trusted workspace', () => {
    const session = new CodeServerSession({ workspace: examples, trust: true, settings: { 'stackpilot.autoStart': 'off' } });
    before(async () => {
      await session.open();
    });
    after(async () => {
      await session.close();
    });

    it('shows the Stackpilot view container in the activity bar', async () => {
      const tab = session.page.getByRole('tab', { name: /^Stackpilot/ });
      await tab.waitFor({ timeout: 60_000 });
      await tab.click();
      // A container with one view shows it as "STACKPILOT: SERVICES" in the side bar's title.
      await session.page.locator('.part.sidebar .title-label', { hasText: /stackpilot: services/i }).waitFor({ timeout: 30_000 });
    });

    it('lists the example stack in the Services view', async () => {
      const tree = session.page.locator('.monaco-list[aria-label*="Services"], .monaco-list').filter({ hasText: 'api' }).first();
      await tree.waitFor({ timeout: 30_000 });
      for (const name of ['api', 'worker'])
        await session.page.locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
      await session.screenshot('foundation-services-view');
    });

    it('shows its status bar item with the stack name', async () => {
      const item = session.page.locator('.statusbar-item', { hasText: 'example-shop' }).first();
      await item.waitFor({ timeout: 30_000 });
      assert.match((await item.textContent()) ?? '', /example-shop/);
    });

    it('starts the example stack from the view and shows every service up, then stops it', async () => {
      const page = session.page;
      await page.locator('.part.sidebar .actions-container a[aria-label="Start Stack"]').first().click();
      // The status bar turns to "5/5 up" once every service is healthy (or completed, for the job).
      await page.locator('.statusbar-item', { hasText: '5/5 up' }).waitFor({ timeout: 60_000 });
      for (const [name, state] of [
        ['db', 'healthy'],
        ['api', 'healthy'],
        ['migrate', 'completed'],
        ['worker', 'running'],
      ]) {
        // Each row's accessible name is "NAME, STATE, description".
        await page.locator(`.monaco-list-row[aria-label^="${name}, ${state}"]`).first().waitFor({ timeout: 10_000 });
      }
      await session.screenshot('foundation-stack-running');
      const state = JSON.parse(fs.readFileSync(path.join(session.workspace, '.stackpilot', 'state.json'), 'utf8')) as {
        records: { pid?: number; completedAt?: number }[];
      };
      const pids = state.records
        .filter((r) => r.completedAt === undefined)
        .map((r) => r.pid)
        .filter((p): p is number => typeof p === 'number');
      assert.ok(pids.length >= 4, `state file records the running processes (${JSON.stringify(state)})`);

      await page.locator('.part.sidebar .actions-container a[aria-label="Stop Stack"]').first().click();
      await page.locator('.statusbar-item', { hasText: 'stopped' }).waitFor({ timeout: 30_000 });
      for (const pid of pids) assert.equal(fs.existsSync(`/proc/${pid}`), false, `process ${pid} was left running after Stop Stack`);
    });
  });

  describe('untrusted workspace (Restricted Mode)', () => {
    const session = new CodeServerSession({ workspace: examples, trust: false, settings: { 'stackpilot.autoStart': 'on' } });
    before(async () => {
      await session.open();
    });
    after(async () => {
      await session.close();
    });

    it('activates with limited support and starts nothing', async () => {
      const item = session.page.locator('.statusbar-item', { hasText: 'example-shop' }).first();
      await item.waitFor({ timeout: 60_000 });
      assert.match((await item.textContent()) ?? '', /stopped/);
      await session.screenshot('foundation-untrusted');
      // autoStart is "on", but nothing may run in Restricted Mode: no runtime folder was created.
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(
        fs.existsSync(path.join(session.workspace, '.stackpilot', 'state.json')),
        false,
        'a service was started in an untrusted workspace',
      );
    });
  });
});
