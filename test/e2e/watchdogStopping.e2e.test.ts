/**
 * A window without the lock while a dead supervisor's watchdog stops what it left: a foreground
 * `stackpilot up` (dist/cli.js) runs a service whose shell ignores SIGTERM (stopped only by the
 * SIGKILL after its 6 s grace period); `up` is killed with SIGKILL; its watchdog takes the lock and
 * stops it. The window (code-server, real Chromium) shows `stopping` while the watchdog works — as
 * `stackpilot status` does — and `stopped` once it is done, never `stopped` while it still runs.
 * Screenshots kept.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanupExtensionsDir, waitFor } from './codeServer';
import { windowBesideUp } from './foregroundUp';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { stackIdOf } from '../../src/infra/process/processMarkers';

interface Probe {
  statuses?: { name: string; state: string; reason: string | null }[];
  supervisedBy?: string | null;
}

describe("e2e: a window without the lock shows `stopping` while a dead supervisor's watchdog stops a service", function () {
  this.timeout(300_000);
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-e2e-watchdog-stopping-'));
  const { up, session, probe } = windowBesideUp<Probe>(ws, { probe: true });
  after(() => {
    cleanupExtensionsDir();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('stopping while the watchdog waits out the grace period, stopped after; the service is really gone', async () => {
    // The session's copy of the (empty) source folder is the workspace.
    const root = session.workspace;
    fs.writeFileSync(
      path.join(root, 'stackpilot.yaml'),
      `name: watchdog-stopping
services:
  box:
    argv: ["/bin/sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done"]
    stopGracePeriod: 6s
`,
    );
    await up.start(root);
    await session.open();
    const page = session.page;
    await page.getByRole('tab', { name: /^Stackpilot/ }).click();
    const stateIn = (name: string) => probe().statuses?.find((s) => s.name === name)?.state;
    await waitFor(
      () => stateIn('box') === 'running' && !!probe().supervisedBy,
      60_000,
      () => `the window does not show the supervisor's view: ${JSON.stringify(probe())}\n${up.out}`,
    );
    const row = (label: string) => page.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
    await row('box, running').waitFor({ timeout: 15_000 });

    const seen: string[] = [];
    up.signal('SIGKILL');
    const box = async () => (await findMarkedProcesses(stackIdOf(root))).filter((p) => p.service === 'box').length;
    // While box still runs (its shell ignores SIGTERM; the SIGKILL comes after 6 s), the window must not say stopped.
    await waitFor(
      () => {
        const s = stateIn('box');
        if (s && seen[seen.length - 1] !== s) seen.push(s);
        return s === 'stopping';
      },
      20_000,
      () => `the window never showed box stopping: ${seen.join(' -> ')} ${JSON.stringify(probe())}`,
    );
    assert.ok((await box()) > 0, 'box still runs while shown stopping');
    await row('box, stopping').waitFor({ timeout: 10_000 });
    await session.screenshot('watchdog-stopping-window');
    await waitFor(
      () => {
        const s = stateIn('box');
        if (s && seen[seen.length - 1] !== s) seen.push(s);
        return s === 'stopped';
      },
      60_000,
      () => `the window never showed box stopped: ${seen.join(' -> ')} ${JSON.stringify(probe())}`,
    );
    assert.equal(await box(), 0, 'box is gone once shown stopped');
    assert.ok(!seen.slice(0, seen.indexOf('stopping')).includes('stopped'), `never stopped before stopping: ${seen.join(' -> ')}`);
    await row('box, stopped').waitFor({ timeout: 10_000 });
    await session.screenshot('watchdog-stopped-window');
  });
});
