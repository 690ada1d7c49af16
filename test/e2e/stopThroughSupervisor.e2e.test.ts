/**
 * The editor's Stop in a window that does not hold the stack's lock goes through the stack's live
 * supervisor (a foreground `stackpilot up` in a terminal), over its control channel: the supervisor
 * stops everything itself, says who asked, and exits 0; nothing is left running.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { cleanupExtensionsDir, CodeServerSession, repoRoot, waitFor, runCommand } from './codeServer';

const cli = path.join(repoRoot, 'dist', 'cli.js');

describe('e2e: Stop in a window without the lock goes through the supervising `stackpilot up`', function () {
  this.timeout(300_000);
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-e2e-state-'));
  const session = new CodeServerSession({
    workspace: path.join(repoRoot, 'examples'),
    trust: true,
    env: { XDG_STATE_HOME: state },
    settings: { 'stackpilot.autoStart': 'off' },
  });
  let up: ChildProcess | undefined;
  let out = '';
  let exit: Promise<number | null> | undefined;
  let stackId: string | undefined;

  after(async () => {
    if (up && up.exitCode === null) {
      up.kill('SIGTERM');
      await Promise.race([exit, new Promise((r) => setTimeout(r, 20_000))]);
    }
    await session.close();
    for (const p of stackId ? await findMarkedProcesses(stackId) : []) {
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    fs.rmSync(state, { recursive: true, force: true });
    cleanupExtensionsDir();
  });

  it('Stackpilot: Stop Stack makes the supervisor stop everything and exit 0, naming the window', async () => {
    stackId = stackIdOf(session.workspace);
    up = spawn(process.execPath, [cli, 'up', '--quiet'], {
      cwd: session.workspace,
      env: { ...process.env, XDG_STATE_HOME: state, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    up.stdout!.on('data', (d) => (out += String(d)));
    up.stderr!.on('data', (d) => (out += String(d)));
    exit = new Promise((r) => up!.once('exit', (code) => r(code)));
    await waitFor(
      () => out.includes('supervising'),
      120_000,
      () => `up did not come up:\n${out}`,
    );
    await session.open();
    const page = session.page;
    await page.getByRole('tab', { name: /^Stackpilot/ }).click();
    await runCommand(page, 'Stackpilot: Stop Stack');
    const code = await Promise.race([exit, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 90_000))]);
    assert.equal(code, 0, `up exit: ${code}\n${out}`);
    assert.match(out, /stopped by a VS Code window \(pid \d+\)/);
    // The example's one-shot job completes at start; after the request nothing may read completed or restart.
    assert.doesNotMatch(out.slice(out.indexOf('asked to stop the stack')), /completed|restarting in/);
    assert.deepEqual(await findMarkedProcesses(stackId), [], 'nothing left running');
    await session.screenshot('stop-through-supervisor');
  });
});
