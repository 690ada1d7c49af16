/**
 * The editor experience as a person sees it in code-server: commands from the palette, a service
 * killed from outside turning red in the tree, its logs in an output channel, and a bad stack file
 * reported at its exact place in the Problems panel. Screenshots go to test-results/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeServerSession, cleanupExtensionsDir, repoRoot, runCommand } from './codeServer';

describe('e2e: the editor experience', function () {
  this.timeout(240_000);
  after(() => cleanupExtensionsDir());

  describe('the example stack', () => {
    const session = new CodeServerSession({
      workspace: path.join(repoRoot, 'examples'),
      trust: true,
      settings: { 'stackpilot.autoStart': 'off' },
    });
    before(async () => {
      await session.open();
      await session.page.getByRole('tab', { name: /^Stackpilot/ }).click();
      await session.page.locator('.monaco-list-row[aria-label^="db, stopped"]').waitFor({ timeout: 60_000 });
    });
    after(async () => {
      await session.close();
    });

    it('starts from the command palette', async () => {
      await runCommand(session.page, 'Stackpilot: Start Stack');
      await session.page.locator('.statusbar-item', { hasText: '5/5 up' }).waitFor({ timeout: 60_000 });
    });

    it('turns a service killed from outside red in the tree', async () => {
      const state = JSON.parse(fs.readFileSync(path.join(session.workspace, '.stackpilot', 'state.json'), 'utf8')) as {
        records: { service: string; pid: number }[];
      };
      const db = state.records.find((r) => r.service === 'db')!;
      process.kill(db.pid, 'SIGKILL'); // db has no restart policy: it stays down
      await session.page.locator('.monaco-list-row[aria-label^="db, exited"]').waitFor({ timeout: 10_000 });
      assert.match((await session.page.locator('.statusbar-item', { hasText: /up/ }).first().textContent()) ?? '', /4\/5 up/);
      await session.screenshot('editor-db-killed');
    });

    it("shows a service's output in its own channel", async () => {
      await runCommand(session.page, 'Stackpilot: Show Logs…');
      await session.page.locator('.quick-input-list .monaco-list-row', { hasText: 'api' }).first().click();
      await session.page
        .locator('.part.panel .view-lines', { hasText: 'api: listening on http://127.0.0.1:38080' })
        .waitFor({ timeout: 15_000 });
      await session.screenshot('editor-api-logs');
    });

    it('stops from the command palette, leaving no process', async () => {
      const state = JSON.parse(fs.readFileSync(path.join(session.workspace, '.stackpilot', 'state.json'), 'utf8')) as {
        records: { pid: number; completedAt?: number }[];
      };
      await runCommand(session.page, 'Stackpilot: Stop Stack');
      await session.page.locator('.statusbar-item', { hasText: 'stopped' }).waitFor({ timeout: 30_000 });
      for (const r of state.records.filter((x) => x.completedAt === undefined))
        assert.equal(fs.existsSync(`/proc/${r.pid}`), false, `pid ${r.pid} left running`);
    });
  });

  describe('a bad stack file', () => {
    const session = new CodeServerSession({
      workspace: path.join(repoRoot, 'test', 'fixtures', 'e2e-bad'),
      trust: true,
      settings: { 'stackpilot.autoStart': 'off' },
    });
    before(async () => {
      await session.open();
    });
    after(async () => {
      await session.close();
    });

    it('is reported at its exact place in the Problems panel', async () => {
      await session.page.locator('.statusbar-item', { hasText: /config error/ }).waitFor({ timeout: 60_000 });
      await session.page.keyboard.press('Control+Shift+M');
      const problem = session.page.locator('.markers-panel .monaco-list-row', { hasText: 'Unknown key `comand`' }).first();
      await problem.waitFor({ timeout: 15_000 });
      assert.match((await problem.textContent()) ?? '', /Did you mean `command`\?.*\[Ln 4, Col 5\]/);
      await session.screenshot('editor-bad-config-problems');
    });
  });
});
