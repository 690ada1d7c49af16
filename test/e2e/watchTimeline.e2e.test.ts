/**
 * Issue 19's timeline mark, seen in code-server: a service with `watch:` restarts when a watched file
 * is saved, and the dashboard's timeline marks it ("services/routes.js changed → up again in …"),
 * with a ↻ badge on the service's Gantt row. Screenshot: watch-restart-timeline.png.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeServerSession, cleanupExtensionsDir, freePort, repoRoot } from './codeServer';

describe('e2e: a watch restart is marked on the dashboard timeline', function () {
  this.timeout(240_000);
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-e2e-watch-src-'));
  const session = new CodeServerSession({ workspace: source, trust: true, settings: { 'stackpilot.autoStart': 'on' } });

  before(async () => {
    const port = await freePort();
    fs.mkdirSync(path.join(source, 'services'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'examples', 'services', 'http-api.js'), path.join(source, 'services', 'http-api.js'));
    fs.writeFileSync(path.join(source, 'services', 'routes.js'), '// routes\n');
    fs.writeFileSync(
      path.join(source, 'stackpilot.yaml'),
      `name: watch-e2e-${process.pid}
services:
  api:
    command: node services/http-api.js
    env: { PORT: "${port}" }
    health: { http: "http://127.0.0.1:${port}/health", interval: 1s, startPeriod: 30s }
    watch: ["services/**/*.js"]
`,
    );
    await session.open();
    await session.page.locator('.statusbar-item', { hasText: '1/1 up' }).waitFor({ timeout: 90_000 });
  });
  after(async () => {
    await session.close();
    fs.rmSync(source, { recursive: true, force: true });
    cleanupExtensionsDir();
  });

  it('saving a watched file restarts the service, and the timeline says which file and when it was up again', async () => {
    const page = session.page;
    await page.locator('.statusbar-item', { hasText: '1/1 up' }).click();
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('.g-row[data-service="api"]').waitFor({ timeout: 30_000 });
    fs.appendFileSync(path.join(session.workspace, 'services', 'routes.js'), '// edited\n');
    const mark = view.locator('.g-change[data-restart="api"][data-state="ready"]', {
      hasText: /services\/routes\.js changed → up again in [\d.]+ (ms|s)/,
    });
    await mark.waitFor({ timeout: 60_000 });
    await view.locator('.g-row[data-service="api"] .g-restarts', { hasText: '↻1' }).waitFor({ timeout: 10_000 });
    await view.locator('.g-changes-head', { hasText: 'Watch and debug restarts (1)' }).waitFor({ timeout: 10_000 });
    await view.locator('#timeline').scrollIntoViewIfNeeded();
    await session.screenshot('watch-restart-timeline');
  });
});
