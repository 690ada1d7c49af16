/**
 * Start after Stop runs the stack file as it is then (code-server, real processes): Start, Stop,
 * edit stackpilot.yaml (a changed command, an added service), Start → the new command runs and the
 * added service starts; Stop leaves nothing. Screenshot in test-results/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { CodeServerSession, cleanupExtensionsDir, runCommand } from './codeServer';

/** A service that writes `word` to `<name>.out` in the workspace and stays up. */
function service(name: string, word: string): string {
  const js = `require('fs').writeFileSync(${JSON.stringify(`${name}.out`)}, ${JSON.stringify(word)}); setInterval(() => {}, 1e9)`;
  return `  ${name}:\n    argv: ${JSON.stringify([process.execPath, '-e', js])}\n`;
}

describe('e2e: Start after Stop runs the edited stack file', function () {
  this.timeout(240_000);
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-restart-src-'));
  fs.writeFileSync(path.join(src, 'stackpilot.yaml'), `name: start-after-stop\nservices:\n${service('a', 'one')}`);
  const session = new CodeServerSession({ workspace: src, trust: true, settings: { 'stackpilot.autoStart': 'off' } });
  const marked = async () => (await findMarkedProcesses(stackIdOf(session.workspace))).map((p) => p.service).sort();

  before(async () => {
    await session.open();
    await session.page.getByRole('tab', { name: /^Stackpilot/ }).click();
    await session.page.locator('.monaco-list-row[aria-label^="a, stopped"]').waitFor({ timeout: 60_000 });
  });
  after(async () => {
    await session.close();
    for (const p of await findMarkedProcesses(stackIdOf(session.workspace)).catch(() => [])) process.kill(p.pid, 'SIGKILL');
    fs.rmSync(src, { recursive: true, force: true });
    cleanupExtensionsDir();
  });

  it('Start, Stop, edit (changed command, added service), Start: the new file runs; Stop leaves nothing', async () => {
    const page = session.page;
    const file = (name: string) => path.join(session.workspace, `${name}.out`);
    // A service without a probe reads "running" once spawned; node may not have written its file yet.
    const out = async (name: string): Promise<string> => {
      for (const end = Date.now() + 20_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
        const text = fs.existsSync(file(name)) ? fs.readFileSync(file(name), 'utf8') : '';
        if (text) return text;
      }
      return `(no ${name}.out after 20 s)`;
    };
    await runCommand(page, 'Stackpilot: Start Stack');
    await page.locator('.monaco-list-row[aria-label^="a, running"]').waitFor({ timeout: 60_000 });
    assert.equal(await out('a'), 'one');
    await runCommand(page, 'Stackpilot: Stop Stack');
    await page.locator('.monaco-list-row[aria-label^="a, stopped"]').waitFor({ timeout: 30_000 });
    assert.deepEqual(await marked(), []);

    fs.rmSync(file('a'));
    fs.writeFileSync(
      path.join(session.workspace, 'stackpilot.yaml'),
      `name: start-after-stop\nservices:\n${service('a', 'two')}${service('b', 'here')}`,
    );
    await page.locator('.monaco-list-row[aria-label^="b, stopped"]').waitFor({ timeout: 30_000 });
    await runCommand(page, 'Stackpilot: Start Stack');
    await page.locator('.monaco-list-row[aria-label^="b, running"]').waitFor({ timeout: 60_000 });
    await page.locator('.monaco-list-row[aria-label^="a, running"]').waitFor({ timeout: 10_000 });
    assert.equal(await out('a'), 'two', 'the edited command ran');
    assert.equal(await out('b'), 'here');
    assert.deepEqual(await marked(), ['a', 'b']);
    await session.screenshot('start-after-stop-edited');

    await runCommand(page, 'Stackpilot: Stop Stack');
    await page.locator('.monaco-list-row[aria-label^="b, stopped"]').waitFor({ timeout: 30_000 });
    assert.deepEqual(await marked(), []);
  });
});
