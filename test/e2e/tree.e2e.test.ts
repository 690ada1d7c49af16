/**
 * The Services view beyond the basics, as a person uses it in code-server: grouping by profile or
 * state, the welcome view, Create Stack File from Compose, a shell in a running container, and a
 * reopened window supervising what an earlier run left running. Screenshots go to test-results/.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { CodeServerSession, cleanupExtensionsDir, repoRoot, waitFor, runCommand } from './codeServer';

const cli = path.join(repoRoot, 'dist', 'cli.js');

function records(workspace: string): { service: string; pid?: number; id: string }[] {
  return (
    JSON.parse(fs.readFileSync(path.join(workspace, '.stackpilot', 'state.json'), 'utf8')) as {
      records: { service: string; pid?: number; id: string }[];
    }
  ).records;
}

const row = (page: Page, label: string) => page.locator(`.monaco-list-row[aria-label^="${label}"]`).first();

describe('e2e: the Services view', function () {
  this.timeout(240_000);
  after(() => cleanupExtensionsDir());

  describe('grouping', () => {
    const session = new CodeServerSession({
      workspace: path.join(repoRoot, 'examples'),
      trust: true,
      settings: { 'stackpilot.autoStart': 'off' },
    });
    before(async () => {
      await session.open();
      await session.page.getByRole('tab', { name: /^Stackpilot/ }).click();
      await row(session.page, 'db, stopped').waitFor({ timeout: 60_000 });
    });
    after(async () => {
      await session.close();
    });

    it('groups by profile, then by state, then not at all, from the view title toggle', async () => {
      const page = session.page;
      const toggle = page.locator('.part.sidebar .actions-container a[aria-label="Change Grouping (None, Profile, State)"]').first();
      await toggle.click();
      await row(page, 'group minimal, 2 services').waitFor({ timeout: 15_000 });
      await row(page, 'group development, active, 5 services').waitFor({ timeout: 5_000 });
      await session.screenshot('tree-grouped-by-profile');
      await toggle.click();
      await row(page, 'group Stopped, 5, 5 services').waitFor({ timeout: 15_000 });
      await runCommand(page, 'Stackpilot: Start Stack');
      await row(page, 'group Up, 4, 4 services').waitFor({ timeout: 60_000 });
      await row(page, 'group Completed, 1, 1 services').waitFor({ timeout: 5_000 });
      await session.screenshot('tree-grouped-by-state');
      await toggle.click();
      await page.locator('.monaco-list-row[aria-label^="group "]').first().waitFor({ state: 'detached', timeout: 15_000 });
      await row(page, 'api, healthy').waitFor({ timeout: 5_000 });
    });
  });

  describe('a window opened on a stack an earlier run left running', () => {
    const probeOut = path.join(os.tmpdir(), `stackpilot-e2e-probe-${process.pid}.json`);
    const session = new CodeServerSession({
      workspace: path.join(repoRoot, 'examples'),
      trust: true,
      probe: true,
      env: { STACKPILOT_PROBE_OUT: probeOut },
      settings: { 'stackpilot.autoStart': 'off' },
    });
    before(async () => {
      execFileSync(process.execPath, [cli, 'up', '--wait', '--quiet'], { cwd: session.workspace, stdio: 'pipe', timeout: 60_000 });
      await session.open();
      await session.page.getByRole('tab', { name: /^Stackpilot/ }).click();
    });
    after(async () => {
      await session.close();
      fs.rmSync(probeOut, { force: true });
    });

    it('shows it running and supervises it again without Start: a killed worker is restarted', async () => {
      const page = session.page;
      await page.locator('.statusbar-item', { hasText: '5/5 up' }).waitFor({ timeout: 60_000 });
      await row(page, 'worker, running').waitFor({ timeout: 15_000 });
      // The window adopts what it found (the API's snapshot turns active) before the worker is killed.
      const probe = () => (fs.existsSync(probeOut) ? (JSON.parse(fs.readFileSync(probeOut, 'utf8')) as { active?: boolean }) : {});
      await waitFor(
        () => probe().active === true,
        20_000,
        () => `the window did not take over supervision: ${JSON.stringify(probe())}`,
      );
      // The window's run keeps what the earlier run knew: migrate completed (api's `completed` dependency holds),
      // in its tree and in the view it publishes (what `stackpilot status` reads), never "dependency migrate stopped".
      await row(page, 'migrate, completed').waitFor({ timeout: 15_000 });
      type Status = { source: string; services: { name: string; state: string; degraded: string | null; reason: string | null }[] };
      let status: Status | undefined;
      await waitFor(
        () => {
          // spawnSync: status exits 1 while a selected service is down, and its JSON is what is read.
          const out = spawnSync(process.execPath, [cli, 'status', '--json'], {
            cwd: session.workspace,
            encoding: 'utf8',
            timeout: 30_000,
          }).stdout;
          const j = JSON.parse(out) as Status;
          status = j.source === 'supervisor' ? j : undefined;
          return !!status;
        },
        20_000,
        () => 'status did not read the window as the supervisor',
      );
      assert.ok(status, 'status reads the window as the supervisor');
      const by = new Map(status.services.map((x) => [x.name, x]));
      assert.equal(by.get('migrate')?.state, 'completed', JSON.stringify(status.services));
      assert.equal(by.get('api')?.degraded, null, JSON.stringify(by.get('api')));
      assert.doesNotMatch(by.get('api')?.reason ?? '', /dependency migrate/);
      const before = records(session.workspace).find((r) => r.service === 'worker')!;
      process.kill(before.pid!, 'SIGKILL'); // restart: always
      await page.locator('.monaco-list-row[aria-label^="worker, running"][aria-label*="· 1 restart"]').first().waitFor({ timeout: 20_000 });
      await waitFor(
        () => {
          const now = records(session.workspace).find((r) => r.service === 'worker');
          return !!now?.pid && now.pid !== before.pid && fs.existsSync(`/proc/${now.pid}`);
        },
        10_000,
        () => 'the restarted worker is not in the state file',
      );
      await session.screenshot('tree-adopted-worker-restarted');
    });
  });

  describe('an empty workspace', () => {
    // Made in before(), not at load time: a run filtered with --grep must not leave folders behind.
    let empty: string;
    let session: CodeServerSession;
    before(async () => {
      empty = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-e2e-empty-'));
      session = new CodeServerSession({ workspace: empty, trust: true, settings: { 'stackpilot.autoStart': 'off' } });
      await session.open();
    });
    after(async () => {
      await session?.close();
      if (empty) fs.rmSync(empty, { recursive: true, force: true });
    });

    it('offers to create a stack file in the welcome view, which writes a starter and shows it', async () => {
      const page = session.page;
      await page.getByRole('tab', { name: /^Stackpilot/ }).click();
      const create = page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Create stackpilot.yaml' });
      await create.waitFor({ timeout: 60_000 });
      await session.screenshot('tree-welcome-no-stack');
      await create.click();
      await page.locator('.tab', { hasText: 'stackpilot.yaml' }).first().waitFor({ timeout: 15_000 });
      await row(page, 'web, stopped').waitFor({ timeout: 15_000 });
      assert.match(fs.readFileSync(path.join(session.workspace, 'stackpilot.yaml'), 'utf8'), /^name: workspace$/m);
    });
  });

  describe('a compose-only workspace with a container', () => {
    const session = new CodeServerSession({
      workspace: path.join(repoRoot, 'test', 'fixtures', 'e2e-compose'),
      trust: true,
      settings: { 'stackpilot.autoStart': 'off' },
    });
    before(async () => {
      await session.open();
      await session.page.getByRole('tab', { name: /^Stackpilot/ }).click();
      await row(session.page, 'web, stopped').waitFor({ timeout: 60_000 });
    });
    after(async () => {
      await session.close();
    });

    it('opens a shell in the running container from the tree', async () => {
      const page = session.page;
      await runCommand(page, 'Stackpilot: Start Stack');
      const web = row(page, 'web, healthy');
      await web.waitFor({ timeout: 60_000 });
      const container = records(session.workspace).find((r) => r.service === 'web')!.id;
      await web.hover();
      await web.locator('a.action-label[aria-label="Open Shell in Container…"]').click();
      await page
        .locator('.terminal-tab, .single-terminal-tab, .tabs-list .monaco-list-row', { hasText: 'web (container shell)' })
        .first()
        .waitFor({ timeout: 15_000 });
      await page.locator('.xterm-helper-textarea').first().waitFor({ state: 'attached', timeout: 15_000 });
      // Typed into the integrated terminal (again if the shell was not ready yet); checked from outside, inside the container.
      const marker = () => {
        try {
          return execFileSync('docker', ['exec', container, 'cat', '/tmp/from-the-terminal'], { encoding: 'utf8', stdio: 'pipe' }).trim();
        } catch {
          return '';
        }
      };
      for (let attempt = 0; attempt < 3 && marker() !== 'shell-ok'; attempt++) {
        await page.locator('.terminal-wrapper.active .xterm, .terminal .xterm').first().click();
        await page.keyboard.type('echo shell-ok > /tmp/from-the-terminal\n', { delay: 10 });
        await waitFor(
          () => marker() === 'shell-ok',
          5_000,
          () => '',
        ).catch(() => undefined);
      }
      assert.equal(marker(), 'shell-ok', `nothing typed in the terminal reached container ${container}`);
      await session.screenshot('tree-container-shell');
    });

    it('creates a stackpilot.yaml that imports the compose file (Create Stack File from Compose)', async () => {
      const page = session.page;
      await runCommand(page, 'Stackpilot: Create Stack File from Compose');
      await page.locator('.tab', { hasText: 'stackpilot.yaml' }).first().waitFor({ timeout: 15_000 });
      const text = fs.readFileSync(path.join(session.workspace, 'stackpilot.yaml'), 'utf8');
      assert.match(text, /^name: sp-e2e-shell$/m);
      assert.match(text, /^compose: \[docker-compose\.yml\]$/m);
      await row(page, 'web, healthy').waitFor({ timeout: 15_000 });
      await session.screenshot('tree-created-from-compose');
    });
  });
});
