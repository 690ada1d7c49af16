/**
 * Opening and closing a window, as a person does it in code-server: the autoStart=ask prompt,
 * Restricted Mode until trust is granted (no reload), and no process left once the window is gone.
 * Screenshots go to test-results/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeServerSession, cleanupExtensionsDir, repoRoot, waitFor } from './codeServer';

const examples = path.join(repoRoot, 'examples');

/** Pids of the services the state file records as running (jobs that completed excluded). */
function recordedPids(workspace: string): number[] {
  const state = JSON.parse(fs.readFileSync(path.join(workspace, '.stackpilot', 'state.json'), 'utf8')) as {
    records: { pid?: number; completedAt?: number }[];
  };
  return state.records
    .filter((r) => r.completedAt === undefined)
    .map((r) => r.pid)
    .filter((p): p is number => typeof p === 'number');
}

/** Every process whose working directory is inside `dir`: the services and anything they forked. */
function processesIn(dir: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      // The example's services (`node services/….js`), not VS Code's own helpers that may run in the folder (git, rg).
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if ((cwd === dir || cwd.startsWith(`${dir}/`)) && cmd.includes('services/')) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

async function openServicesView(session: CodeServerSession): Promise<void> {
  await session.page.getByRole('tab', { name: /^Stackpilot/ }).click();
}

describe('e2e: opening and closing a window', function () {
  this.timeout(240_000);
  after(() => cleanupExtensionsDir());

  describe('autoStart "ask"', () => {
    const session = new CodeServerSession({ workspace: examples, trust: true, settings: { 'stackpilot.autoStart': 'ask' } });
    before(async () => {
      await session.open();
    });
    after(async () => {
      await session.close();
    });

    it('asks once; Start brings the stack up and the tree shows it', async () => {
      const page = session.page;
      const toast = page.locator('.notification-toast', { hasText: 'Start the example-shop stack (profile development)?' });
      await toast.waitFor({ timeout: 60_000 });
      assert.equal(fs.existsSync(path.join(session.workspace, '.stackpilot', 'state.json')), false, 'something started before the answer');
      await session.screenshot('startup-ask-prompt');
      await toast.getByRole('button', { name: 'Start', exact: true }).click();
      await page.locator('.statusbar-item', { hasText: '5/5 up' }).waitFor({ timeout: 60_000 });
      await openServicesView(session);
      for (const [name, state] of [
        ['db', 'healthy'],
        ['cache', 'healthy'],
        ['migrate', 'completed'],
        ['api', 'healthy'],
        ['worker', 'running'],
      ]) {
        await page.locator(`.monaco-list-row[aria-label^="${name}, ${state}"]`).first().waitFor({ timeout: 15_000 });
      }
      await session.screenshot('startup-ask-started');
    });
  });

  describe('an untrusted workspace, then trust granted', () => {
    const session = new CodeServerSession({ workspace: examples, trust: false, settings: { 'stackpilot.autoStart': 'on' } });
    before(async () => {
      await session.open();
    });
    after(async () => {
      await session.close();
    });

    it('starts nothing in Restricted Mode although autoStart is on', async () => {
      await session.page.locator('.statusbar-item', { hasText: 'example-shop: stopped' }).waitFor({ timeout: 60_000 });
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(
        fs.existsSync(path.join(session.workspace, '.stackpilot', 'state.json')),
        false,
        'a service was started in an untrusted workspace',
      );
      assert.deepEqual(processesIn(session.workspace), []);
      await session.screenshot('startup-restricted');
    });

    it('resumes the normal flow once the workspace is trusted, without a reload', async () => {
      const page = session.page;
      // The Restricted Mode indicator opens the Workspace Trust editor, whose Trust button grants it.
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().click();
      const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust/ }).first();
      await trust.waitFor({ timeout: 15_000 });
      await session.screenshot('startup-trust-editor');
      await trust.click();
      // autoStart "on" applies now: the stack comes up in the same window.
      await page.locator('.statusbar-item', { hasText: '5/5 up' }).waitFor({ timeout: 60_000 });
      await openServicesView(session);
      await page.locator('.monaco-list-row[aria-label^="api, healthy"]').first().waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count(), 0);
      await session.screenshot('startup-trusted-started');
    });
  });

  describe('closing the window', () => {
    const session = new CodeServerSession({ workspace: examples, trust: true, settings: { 'stackpilot.autoStart': 'on' } });
    before(async () => {
      await session.open();
    });
    after(async () => {
      await session.close();
    });

    it('leaves no process behind once code-server is gone', async () => {
      await session.page.locator('.statusbar-item', { hasText: '5/5 up' }).waitFor({ timeout: 60_000 });
      const pids = recordedPids(session.workspace);
      assert.ok(pids.length >= 4, `the state file records the running services: ${pids.join(', ')}`);
      const running = processesIn(session.workspace);
      for (const pid of pids) assert.ok(running.includes(pid), `service pid ${pid} runs in the workspace`);
      await session.screenshot('startup-before-close');
      await session.closeBrowser();
      await session.stopServer();
      // stopServer returns once code-server's own processes are gone; the services (own process groups) must follow.
      await waitFor(
        () => processesIn(session.workspace).length === 0,
        15_000,
        () =>
          `left running after the window closed: ${processesIn(session.workspace)
            .map((p) => `${p} ${fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ')}`)
            .join('; ')}`,
      );
    });
  });
});
