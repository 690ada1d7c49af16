/**
 * The editor's Stop in a window that does not hold the stack's lock goes through the stack's live
 * supervisor (a foreground `stackpilot up` in a terminal), over its control channel: the supervisor
 * stops everything itself, says who asked, and exits 0; nothing is left running.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { cleanupExtensionsDir, repoRoot, runCommand } from './codeServer';
import { windowBesideUp } from './foregroundUp';

describe('e2e: Stop in a window without the lock goes through the supervising `stackpilot up`', function () {
  this.timeout(300_000);
  const { up, session } = windowBesideUp(path.join(repoRoot, 'examples'));
  after(() => cleanupExtensionsDir());

  it('Stackpilot: Stop Stack makes the supervisor stop everything and exit 0, naming the window', async () => {
    const stackId = stackIdOf(session.workspace);
    await up.start(session.workspace);
    await session.open();
    const page = session.page;
    await page.getByRole('tab', { name: /^Stackpilot/ }).click();
    await runCommand(page, 'Stackpilot: Stop Stack');
    const code = await up.exited(90_000);
    assert.equal(code, 0, `up exit: ${code}\n${up.out}`);
    assert.match(up.out, /stopped by a VS Code window \(pid \d+\)/);
    // The example's one-shot job completes at start; after the request nothing may read completed or restart.
    assert.doesNotMatch(up.out.slice(up.out.indexOf('asked to stop the stack')), /completed|restarting in/);
    assert.deepEqual(await findMarkedProcesses(stackId), [], 'nothing left running');
    await session.screenshot('stop-through-supervisor');
  });
});
