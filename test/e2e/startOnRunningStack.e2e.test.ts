/**
 * Start Stack on a running stack (code-server, real processes), the two findings of the new-user
 * trial: a job that completed runs again without a service-down alert (alerts.jsonl stays without
 * one, the tree says completed); an edited service is restarted with its new definition while an
 * unchanged one keeps its pid; a Restart of it after another edit runs the newer one. Screenshot in test-results/.
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
/** A job that appends a line to migrate.out and exits 0. */
const job = `  migrate:\n    argv: ${JSON.stringify([process.execPath, '-e', "require('fs').appendFileSync('migrate.out', 'ran\\n'); setTimeout(() => {}, 150)"])}\n    restart: { policy: "no" }\n`;
const stack = (word: string) => `name: start-running\nservices:\n${job}${service('web', word)}${service('steady', 'steady')}`;

describe('e2e: Start Stack on a running stack', function () {
  this.timeout(240_000);
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-start-running-'));
  fs.writeFileSync(path.join(src, 'stackpilot.yaml'), stack('one'));
  const session = new CodeServerSession({ workspace: src, trust: true, settings: { 'stackpilot.autoStart': 'off' } });
  const pids = async () => Object.fromEntries((await findMarkedProcesses(stackIdOf(session.workspace))).map((p) => [p.service, p.pid]));

  before(async () => {
    await session.open();
    await session.page.getByRole('tab', { name: /^Stackpilot/ }).click();
    await session.page.locator('.monaco-list-row[aria-label^="web, stopped"]').waitFor({ timeout: 60_000 });
  });
  after(async () => {
    await session.close();
    for (const p of await findMarkedProcesses(stackIdOf(session.workspace)).catch(() => [])) process.kill(p.pid, 'SIGKILL');
    fs.rmSync(src, { recursive: true, force: true });
    cleanupExtensionsDir();
  });

  it('a completed job runs again without a service-down alert; an edited service restarts with its new definition', async () => {
    const page = session.page;
    const ws = (f: string) => path.join(session.workspace, f);
    const read = (f: string) => (fs.existsSync(ws(f)) ? fs.readFileSync(ws(f), 'utf8') : '');
    const until = async (what: string, ok: () => boolean) => {
      for (const end = Date.now() + 30_000; !ok(); await new Promise((r) => setTimeout(r, 100)))
        if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    };
    await runCommand(page, 'Stackpilot: Start Stack');
    await page.locator('.monaco-list-row[aria-label^="migrate, completed"]').waitFor({ timeout: 60_000 });
    await page.locator('.monaco-list-row[aria-label^="web, running"]').waitFor({ timeout: 30_000 });
    await until('web.out says one', () => read('web.out') === 'one');
    const before = await pids();
    assert.ok(before.web && before.steady, JSON.stringify(before));

    fs.writeFileSync(ws('stackpilot.yaml'), stack('two'));
    await runCommand(page, 'Stackpilot: Start Stack');
    await until('web.out says two', () => read('web.out') === 'two');
    await until('migrate ran twice', () => read('migrate.out') === 'ran\nran\n');
    await page.locator('.monaco-list-row[aria-label^="migrate, completed"]').waitFor({ timeout: 30_000 });
    await page.locator('.monaco-list-row[aria-label^="web, running"]').waitFor({ timeout: 30_000 });
    const after = await pids();
    assert.equal(after.steady, before.steady, 'steady (unchanged) keeps its pid');
    assert.notEqual(after.web, before.web, 'web (edited) is a new instance');

    // A third Start (the flap detector's third firing kept the alert before): still no service-down.
    await runCommand(page, 'Stackpilot: Start Stack');
    await until('migrate ran three times', () => read('migrate.out') === 'ran\nran\nran\n');
    await page.locator('.monaco-list-row[aria-label^="migrate, completed"]').waitFor({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await pids()).web, after.web, 'web unchanged since: left alone');
    const history = read('.stackpilot/alerts.jsonl');
    assert.doesNotMatch(history, /service-down/, history);
    assert.equal(
      await page
        .locator('.notifications-toasts')
        .getByText(/Service is down/)
        .count(),
      0,
    );
    await session.screenshot('start-on-running-stack');

    // A manual Restart after an edit runs the new definition (`docker compose restart` would not).
    fs.writeFileSync(ws('stackpilot.yaml'), stack('three'));
    await runCommand(page, 'Stackpilot: Restart Service…', 'web');
    await until('web.out says three', () => read('web.out') === 'three');
    await page.locator('.monaco-list-row[role="treeitem"][aria-label^="web, running"]').waitFor({ timeout: 30_000 });
    assert.equal((await pids()).steady, before.steady, 'a Restart of web leaves steady alone');

    await runCommand(page, 'Stackpilot: Stop Stack');
    await page.locator('.monaco-list-row[aria-label^="web, stopped"]').waitFor({ timeout: 30_000 });
    assert.deepEqual(await pids(), {});
  });
});
