/**
 * An error in the stack file while the stack runs (code-server, real processes): the services stay
 * in sight as they were started — tree rows, the view's message, `2 config errors` in the status
 * bar — instead of "The stack file has errors, so no service can be shown" over running processes;
 * Start refuses until the file is fixed; Stop still stops everything. Screenshot in test-results/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { CodeServerSession, cleanupExtensionsDir, runCommand } from './codeServer';

const service = (name: string) => `  ${name}:\n    argv: ${JSON.stringify([process.execPath, '-e', 'setInterval(() => {}, 1e9)'])}\n`;

describe('e2e: an error in the stack file while it runs keeps the running services in sight', function () {
  this.timeout(240_000);
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-cfgerr-src-'));
  const good = `name: cfg-error\nservices:\n${service('a')}${service('b')}`;
  fs.writeFileSync(path.join(src, 'stackpilot.yaml'), good);
  const session = new CodeServerSession({ workspace: src, trust: true, settings: { 'stackpilot.autoStart': 'off' } });
  const marked = async () => (await findMarkedProcesses(stackIdOf(session.workspace))).map((p) => p.service).sort();

  before(async () => {
    await session.open();
    await session.page.getByRole('tab', { name: /^Stackpilot/ }).click();
    await session.page.locator('.monaco-list-row[aria-label^="a, stopped"]').waitFor({ timeout: 60_000 });
  });
  after(async () => {
    // The session's own clean-up runs `stackpilot down`, which needs a file that loads.
    fs.writeFileSync(path.join(session.workspace, 'stackpilot.yaml'), good);
    await session.close();
    for (const p of await findMarkedProcesses(stackIdOf(session.workspace)).catch(() => [])) process.kill(p.pid, 'SIGKILL');
    fs.rmSync(src, { recursive: true, force: true });
    cleanupExtensionsDir();
  });

  it('Start, break the file: rows, message and status bar say both; Start refuses; Stop stops all', async () => {
    const page = session.page;
    await runCommand(page, 'Stackpilot: Start Stack');
    await page.locator('.monaco-list-row[aria-label^="b, running"]').waitFor({ timeout: 60_000 });
    await page.locator('.statusbar-item', { hasText: '2/2 up' }).first().waitFor({ timeout: 30_000 });

    // A typo in a key (an unknown key, and nothing to run): errors in Problems, and the running services still shown.
    fs.writeFileSync(path.join(session.workspace, 'stackpilot.yaml'), good.replace('  b:\n    argv:', '  b:\n    argvv:'));
    await page
      .locator('.statusbar-item', { hasText: /2\/2 up · 2 config errors/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await page
      .getByText(/The stack file has errors \(see Problems\): the services below run as they were started/)
      .waitFor({ timeout: 10_000 });
    assert.equal(
      await page.getByText('so no service can be shown').count(),
      0,
      'the welcome text for a stack with errors and nothing running',
    );
    await page.locator('.monaco-list-row[aria-label^="a, running"]').waitFor({ timeout: 10_000 });
    await page.locator('.monaco-list-row[aria-label^="b, running"]').waitFor({ timeout: 10_000 });
    await session.screenshot('config-error-while-running');
    assert.deepEqual(await marked(), ['a', 'b']);

    // Start would run a file that does not load: refused, said so; nothing changes.
    await runCommand(page, 'Stackpilot: Start Stack');
    await page
      .locator('.notifications-toasts', { hasText: /stack file has errors/ })
      .first()
      .waitFor({ timeout: 30_000 });
    assert.deepEqual(await marked(), ['a', 'b']);

    // Stop still stops what runs.
    await runCommand(page, 'Stackpilot: Stop Stack');
    for (const end = Date.now() + 30_000; Date.now() < end && (await marked()).length;) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await marked(), []);
    // Nothing runs any more: the view says the file has errors, as before.
    await page.getByText('so no service can be shown').waitFor({ timeout: 30_000 });
  });
});
