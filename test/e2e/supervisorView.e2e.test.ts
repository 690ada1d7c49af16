/**
 * A window that does not hold the stack's lock shows the live supervisor's view and probes nothing
 * itself: a foreground `stackpilot up` (dist/cli.js) runs the stack; the window (code-server, real
 * Chromium) shows its states; an HTTP service that logs every request it gets proves the window
 * sent none; a kill -9 of a service reads exited in the window within seconds; a SIGSTOP of the
 * supervisor shows the stale note; the dashboard shows the supervisor's last start (from its run
 * record). Screenshots kept.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { liveStatusFile } from '../../src/infra/state/liveStatusFile';
import { parseLiveStatus } from '../../src/core/status/liveStatus';
import { cleanupExtensionsDir, freePort, repoRoot, runCommand, waitFor } from './codeServer';
import { windowBesideUp } from './foregroundUp';

const SVC = path.join(repoRoot, 'test', 'fixtures', 'services', 'svc.js');

interface Probe {
  statuses?: { name: string; state: string; reason: string | null }[];
  supervisedBy?: string | null;
  stale?: string | null;
}

describe("e2e: a window without the lock shows the supervising `stackpilot up`'s view, probing nothing", function () {
  this.timeout(300_000);
  const { up, session, probe } = windowBesideUp<Probe>(path.join(repoRoot, 'test', 'fixtures', 'e2e-supervisor-view'), { probe: true });
  after(() => cleanupExtensionsDir());

  it('shows its states without a probe of its own, a kill -9 as exited within seconds, and a paused supervisor as stale', async () => {
    const ws = session.workspace;
    const port = await freePort();
    const hits = path.join(ws, 'hits.log');
    const node = JSON.stringify(process.execPath);
    // interval 1h: once healthy, the supervisor itself sends no further probe during the test.
    fs.writeFileSync(
      path.join(ws, 'stackpilot.yaml'),
      `name: supervisor-view
services:
  web:
    argv: [${node}, counter.js]
    env: { PORT: "${port}", HITS: ${JSON.stringify(hits)} }
    health: { http: "http://127.0.0.1:${port}/health", interval: 1h, startPeriod: 60s }
  db:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: db, TICK_MS: "60000" }
    restart: { policy: "no" }
`,
    );
    await up.start(ws);
    const hitCount = () => (fs.existsSync(hits) ? fs.readFileSync(hits, 'utf8').split('\n').filter(Boolean).length : 0);
    const before = hitCount();
    assert.ok(before >= 1, 'the supervisor probed web until healthy');

    const opened = Date.now();
    await session.open();
    const page = session.page;
    await page.getByRole('tab', { name: /^Stackpilot/ }).click();
    const stateIn = (name: string) => probe().statuses?.find((s) => s.name === name)?.state;
    await waitFor(
      () => stateIn('web') === 'healthy' && stateIn('db') === 'running' && !!probe().supervisedBy,
      60_000,
      () => `the window does not show the supervisor's view: ${JSON.stringify(probe())}\n${up.out}`,
    );
    assert.match(probe().supervisedBy ?? '', new RegExp(`stackpilot up \\(pid ${up.pid}\\)`));
    const row = (label: string) => page.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
    await row('web, healthy').waitFor({ timeout: 15_000 });
    // Some seconds with the window open: a window that probed on its own would have sent a request by now.
    await new Promise((r) => setTimeout(r, 3000));
    const fromWindow = fs
      .readFileSync(hits, 'utf8')
      .split('\n')
      .filter(Boolean)
      .filter((l) => Number(l.split(' ')[0]) >= opened);
    assert.deepEqual(fromWindow, [], 'no request reached web after the window opened');
    await session.screenshot('supervisor-view-shown');

    // The dashboard's last start is the supervisor's, from its run record (the live status carries no transitions).
    await runCommand(page, 'Stackpilot: Show Dashboard');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const summary = view.locator('.g-summary');
    await summary.waitFor({ timeout: 30_000 });
    assert.match((await summary.textContent()) ?? '', /All ready in [\d.]+ (ms|s)/);
    assert.equal(await view.locator('#timeline', { hasText: 'Nothing started yet' }).count(), 0);
    await session.screenshot('supervisor-view-dashboard-timeline');

    const live = parseLiveStatus(fs.readFileSync(liveStatusFile(ws, up.env), 'utf8'));
    const db = live?.services.find((s) => s.name === 'db')?.pid;
    assert.ok(db, 'db has a pid in the published view');
    process.kill(db, 'SIGKILL');
    const killed = Date.now();
    await waitFor(
      () => stateIn('db') === 'exited',
      15_000,
      () => `the window does not show db exited: ${JSON.stringify(probe())}`,
    );
    const seenMs = Date.now() - killed;
    await row('db, exited').waitFor({ timeout: 10_000 });
    console.log(`      kill -9 of db -> exited in the window in ${seenMs} ms (probe extension)`);
    await session.screenshot('supervisor-view-db-killed');

    up.signal('SIGSTOP');
    await waitFor(
      () => !!probe().stale,
      20_000,
      () => `the window does not say the view is stale: ${JSON.stringify(probe())}`,
    );
    assert.match(probe().stale ?? '', /is not answering since \d\d:\d\d:\d\d \(paused: SIGSTOP\)/);
    await page.locator('.statusbar-item', { hasText: 'supervisor not answering' }).first().waitFor({ timeout: 10_000 });
    await row('web, healthy').waitFor({ timeout: 5_000 });
    // The view's message says it, above the rows.
    await page
      .locator('.part.sidebar', { hasText: /is not answering since \d\d:\d\d:\d\d/ })
      .first()
      .waitFor({ timeout: 10_000 });
    assert.ok(await page.locator('.monaco-list-row[aria-label*=", stale"]').count(), 'rows are marked stale');
    await session.screenshot('supervisor-view-stale');
    // The dashboard (opened from the status bar) shows the same view and says it is stale.
    await page.locator('.statusbar-item', { hasText: 'supervisor not answering' }).first().click();
    const dashboard = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await dashboard.locator('[data-service="db"][data-state="exited"]').waitFor({ timeout: 30_000 });
    await dashboard.locator('[data-service="web"][data-state="healthy"]').waitFor({ timeout: 5_000 });
    await dashboard.locator('header .chip.stale', { hasText: 'is not answering since' }).waitFor({ timeout: 10_000 });
    await session.screenshot('supervisor-view-stale-dashboard');
    up.signal('SIGCONT');
    await waitFor(
      () => probe().stale === null,
      20_000,
      () => `the view stays stale after SIGCONT: ${JSON.stringify(probe())}`,
    );

    // Start here says who supervises and offers Take Over; the start's progress is gone meanwhile
    // (it waited for the answer, and "starting: 1/2 services up" stayed on screen for good).
    await runCommand(page, 'Stackpilot: Start Stack');
    const warning = page.locator('.notification-toast', { hasText: /is supervised by stackpilot up \(pid \d+\)/ }).first();
    await warning.waitFor({ timeout: 30_000 });
    assert.equal(await warning.getByRole('button', { name: 'Take Over' }).count(), 1, 'Take Over is offered');
    await page
      .locator('.notification-toast', { hasText: /starting: \d+\/\d+ services up/ })
      .first()
      .waitFor({ state: 'hidden', timeout: 10_000 });
    await session.screenshot('supervisor-view-start-offers-take-over');
    assert.equal(await up.exited(0), 'timeout', 'the supervisor still runs: nothing was taken over unasked');
  });
});
