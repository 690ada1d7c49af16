/**
 * A window that does not hold the stack's lock acts on the supervisor's alerts and charts its
 * metrics: a foreground `stackpilot up` (dist/cli.js) runs the stack; db killed -9 fires
 * service-down/db; the window (code-server, real Chromium) acknowledges it from the command palette
 * (then the status bar, the tree, the probe extension's reading and `status --json` all say
 * acknowledged), silences it from its dashboard, whose charts and sparklines have the supervisor's
 * points; with the supervisor paused, an acknowledge says it does not answer. Screenshots kept.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { cleanupExtensionsDir, freePort, repoRoot, runCommand, waitFor } from './codeServer';
import { cli, windowBesideUp } from './foregroundUp';

const SVC = path.join(repoRoot, 'test', 'fixtures', 'services', 'svc.js');

interface Probe {
  supervisedBy?: string | null;
  alerts?: { key: string; state: string; acknowledged: boolean; silenced: boolean }[];
  statuses?: { name: string; state: string }[];
}

describe("e2e: a window without the lock acknowledges and silences the supervisor's alert, and charts its metrics", function () {
  this.timeout(300_000);
  const { up, session, probe } = windowBesideUp<Probe>(path.join(repoRoot, 'test', 'fixtures', 'e2e-supervisor-view'), { probe: true });
  const env = up.env;
  after(() => cleanupExtensionsDir());

  it('acknowledge (palette) and silence (dashboard) act on the supervisor: every view says so; the dashboard has its points', async () => {
    const ws = session.workspace;
    const stackId = stackIdOf(ws);
    const port = await freePort();
    const node = JSON.stringify(process.execPath);
    fs.writeFileSync(
      path.join(ws, 'stackpilot.yaml'),
      `name: supervisor-alerts
services:
  web:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: web, PORT: "${port}" }
    health: { http: "http://127.0.0.1:${port}/health", interval: 1s, startPeriod: 60s }
  db:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: db, TICK_MS: "60000" }
    restart: { policy: "no" }
`,
    );
    await up.start(ws);
    // Exit 1 while db is down: the JSON is what counts.
    const statusJson = () =>
      JSON.parse(spawnSync(process.execPath, [cli, 'status', '--json'], { cwd: ws, env, encoding: 'utf8' }).stdout) as {
        alerts: { key: string; acknowledged?: boolean; silenced?: boolean }[];
      };
    const db = (await findMarkedProcesses(stackId)).find((p) => p.service === 'db')?.pid;
    assert.ok(db, 'db runs');
    process.kill(db, 'SIGKILL');
    await waitFor(
      () => /alert firing/.test(up.out),
      30_000,
      () => `service-down did not fire:\n${up.out}`,
    );

    await session.open();
    const page = session.page;
    await page.getByRole('tab', { name: /^Stackpilot/ }).click();
    const alert = () => probe().alerts?.find((a) => a.key === 'service-down/db');
    await waitFor(
      () => !!probe().supervisedBy && alert()?.state === 'firing',
      60_000,
      () => `the window does not show the supervisor's alert: ${JSON.stringify(probe())}`,
    );
    assert.equal(alert()?.acknowledged, false);
    await page.locator('.statusbar-item', { hasText: '1/2 up · 1 alert' }).first().waitFor({ timeout: 15_000 });

    // Acknowledge from the command palette, in this window that does not supervise anything.
    await runCommand(page, 'Stackpilot: Acknowledge Alert…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'service-down/db' }).first().click();
    await waitFor(
      () => alert()?.acknowledged === true,
      20_000,
      () => `the window does not show the alert acknowledged: ${JSON.stringify(probe())}\n${up.out}`,
    );
    assert.equal(statusJson().alerts.find((a) => a.key === 'service-down/db')?.acknowledged, true, 'status --json says so too');
    assert.match(up.out, /alert service-down\/db acknowledged by a VS Code window \(pid \d+\)/);
    await page.locator('.statusbar-item', { hasText: '1/2 up · 1 acknowledged' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.monaco-list-row[aria-label^="db, exited"]').click();
    await page.keyboard.press('ArrowRight'); // its alerts are its first children
    await page.locator('.monaco-list-row[aria-label^="alert service-down/db, firing · acknowledged"]').waitFor({ timeout: 15_000 });
    await session.screenshot('supervisor-alerts-acknowledged');

    // The dashboard (from the status bar): the supervisor's measured points in charts and sparklines.
    await page.locator('.statusbar-item', { hasText: '1/2 up · 1 acknowledged' }).first().click();
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('[data-service="web"][data-state="healthy"]').waitFor({ timeout: 30_000 });
    await view.locator('.chart[data-metric="cpu"]:not(.no-data) canvas').waitFor({ timeout: 30_000 });
    await view.locator('.chart[data-metric="latency"]:not(.no-data) canvas').waitFor({ timeout: 30_000 });
    await view.locator('.chart[data-metric="memory"]:not(.no-data) canvas').waitFor({ timeout: 30_000 });
    // The card's measured CPU and memory, and its sparkline with a latest point: all the supervisor's.
    await view.locator('[data-service="web"] .usage', { hasText: /cpu \d+(\.\d)?% · mem \d/ }).waitFor({ timeout: 15_000 });
    await view.locator('[data-service="web"] .spark[aria-label*=", now "]').waitFor({ timeout: 15_000 });
    await view.locator('#charts').scrollIntoViewIfNeeded();
    await session.screenshot('supervisor-alerts-dashboard-charts');

    // Silence from the dashboard.
    const row = view.locator('[data-alert="service-down/db"]');
    await row.scrollIntoViewIfNeeded();
    await row.getByRole('button', { name: /Silence/ }).click();
    await waitFor(
      () => alert()?.silenced === true,
      20_000,
      () => `the window does not show the alert silenced: ${JSON.stringify(probe())}\n${up.out}`,
    );
    assert.equal(statusJson().alerts.find((a) => a.key === 'service-down/db')?.silenced, true);
    // ...and until when, as `stackpilot status` says it.
    await row
      .locator('.when', { hasText: /silenced until \d\d:\d\d:\d\d/ })
      .first()
      .waitFor({ timeout: 10_000 });
    await session.screenshot('supervisor-alerts-silenced');

    // A supervisor that does not answer: the window says so, it does not pretend.
    up.signal('SIGSTOP');
    try {
      await runCommand(page, 'Stackpilot: Acknowledge Alert…');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'service-down/db' }).first().click();
      await page
        .locator('.notifications-toasts', { hasText: /the alert was not acknowledged: .*which does not answer/ })
        .first()
        .waitFor({ timeout: 30_000 });
      await session.screenshot('supervisor-alerts-not-answering');
    } finally {
      up.signal('SIGCONT');
    }
  });
});
