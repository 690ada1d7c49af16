/**
 * Issue 15's planted-secret check, the editor's half: a workspace whose .env, env file, envFrom
 * output, stack file and compose file hold unique secrets (probe URL userinfo and query, an exec
 * probe, a service's command line, env, a webhook URL, a container's environment and healthcheck),
 * run in code-server with a service killed from outside (alert, notification, Problems panel), a
 * probe that fails and services that cannot start. Then every place a person can read is grepped:
 * every frame of the page (the workbench: tree, status bar, notifications, Problems panel; the
 * dashboard webview's DOM), the hovers of every tree row and of the status bar, the output channels
 * as shown, and every log file code-server wrote (each output channel is backed by one). No secret
 * may appear in full.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { CodeServerSession, cleanupExtensionsDir, freePort, repoRoot, runCommand } from './codeServer';

const planted = (place: string) => `Zq${place}${randomBytes(12).toString('hex')}`;
const secrets = {
  env: planted('Env'),
  envFile: planted('File'),
  envFrom: planted('From'),
  userinfo: planted('User'),
  query: planted('Query'),
  exec: planted('Exec'),
  command: planted('Cmd'),
  hook: planted('Hook'),
  compose: planted('Compose'),
  composeCheck: planted('Check'),
};

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}

/** The text of the page and of every frame in it (webviews are frames in frames). */
async function everyFrame(page: Page): Promise<string> {
  const parts = await Promise.all(page.frames().map((f) => f.content().catch(() => '')));
  return parts.join('\n');
}

async function writeWorkspace(dir: string, project: string): Promise<void> {
  const [apiPort, webPort, closedPort, dbPort, cachePort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  fs.mkdirSync(path.join(dir, 'services'), { recursive: true });
  for (const f of ['http-api.js', 'tcp-store.js'])
    fs.copyFileSync(path.join(repoRoot, 'examples', 'services', f), path.join(dir, 'services', f));
  const w = (f: string, text: string) => fs.writeFileSync(path.join(dir, f), text);
  w(
    '.env',
    [
      `HEALTH_TOKEN=${secrets.query}`,
      `HEALTH_PW=${secrets.userinfo}`,
      `REDIS_PASSWORD=${secrets.exec}`,
      `CMD_SECRET=${secrets.command}`,
      `HOOK_URL=http://127.0.0.1:9/hooks/${secrets.hook}`,
      `COMPOSE_SECRET=${secrets.compose}`,
      `CHECK_SECRET=${secrets.composeCheck}`,
      '',
    ].join('\n'),
  );
  w('cache.env', `DB_PASSWORD=${secrets.envFile}\n`);
  w('from.env', `VAULT_TOKEN=${secrets.envFrom}\n`);
  w(
    'compose.yaml',
    `services:
  vault:
    image: stackpilot-test/busybox:1
    command: ["sleep", "600"]
    environment: { STORE_SECRET: "\${COMPOSE_SECRET}" }
    healthcheck:
      test: ["CMD-SHELL", "test -n \\"$$STORE_SECRET\\" && test -n \${CHECK_SECRET}"]
      interval: 1s
      retries: 30
`,
  );
  w(
    'stackpilot.yaml',
    `name: ${project}
compose: [compose.yaml]
monitoring:
  webhooks: [{ name: hook, urlEnv: HOOK_URL, retries: 0 }]
services:
  db:
    command: node services/tcp-store.js
    env: { PORT: "${dbPort}", NAME: db }
    health: { tcp: "127.0.0.1:${dbPort}", interval: 1s }
    restart: { policy: "no" }
  cache:
    command: node services/tcp-store.js
    env: { PORT: "${cachePort}", NAME: cache }
    envFile: cache.env
    envFrom: { command: "cat from.env" }
    health: { exec: "test -n \${REDIS_PASSWORD}", interval: 1s }
  api:
    command: node services/http-api.js
    env: { PORT: "${apiPort}", API_KEY: "${secrets.env}" }
    health: { http: "http://user:\${HEALTH_PW}@127.0.0.1:${apiPort}/health?token=\${HEALTH_TOKEN}", interval: 1s }
  web:
    command: node services/http-api.js
    env: { PORT: "${webPort}" }
    health: { http: "http://user:\${HEALTH_PW}@127.0.0.1:${closedPort}/ready?token=\${HEALTH_TOKEN}", interval: 2s, timeout: 300ms, retries: 1 }
    restart: { policy: "no" }
  broken:
    command: node services/missing.js --password \${CMD_SECRET}
    restart: { policy: "no" }
  unstartable:
    command: /nonexistent/stackpilot-tool --token \${CMD_SECRET}
    restart: { policy: "no" }
`,
  );
}

describe('e2e: planted secrets never appear in the editor (output channels, dashboard, tree, hovers, Problems)', function () {
  this.timeout(360_000);
  const project = `redact-e2e-${randomBytes(3).toString('hex')}`;
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-e2e-redact-src-'));
  const session = new CodeServerSession({
    workspace: source,
    trust: true,
    // Hovers at once: the tree re-renders a row on every probe result, which cancels a hover still waiting out its delay.
    settings: { 'stackpilot.autoStart': 'on', 'stackpilot.notifications.critical': true, 'workbench.hover.delay': 50 },
  });
  const seen: [string, string][] = [];
  const look = async (where: string) => seen.push([where, await everyFrame(session.page)]);

  before(async () => {
    await writeWorkspace(source, project);
    await session.open();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await session.screenshot('redaction-failed').catch(() => undefined);
  });
  after(async () => {
    await session.close();
    fs.rmSync(source, { recursive: true, force: true });
    cleanupExtensionsDir();
  });

  it('runs the stack, kills db, opens the dashboard, the Problems panel, every hover and channel: no secret in full', async () => {
    const page = session.page;
    // api, cache, db and the container come up; web's probe fails; broken exits; unstartable cannot start.
    await page.locator('.statusbar-item', { hasText: /^\s*4\/7 up/ }).waitFor({ timeout: 150_000 });
    await look('workbench after start');

    const state = JSON.parse(fs.readFileSync(path.join(session.workspace, '.stackpilot', 'state.json'), 'utf8')) as {
      records: { service: string; pid?: number }[];
    };
    process.kill(state.records.find((r) => r.service === 'db')!.pid!, 'SIGKILL');
    await page.locator('.statusbar-item', { hasText: /^\s*3\/7 up · \d+ alert/ }).waitFor({ timeout: 30_000 });

    // The dashboard: every card, the alerts, the header.
    await page.locator('.statusbar-item', { hasText: /3\/7 up/ }).click();
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('[data-service="db"][data-state="exited"]').waitFor({ timeout: 30_000 });
    await view.locator('[data-alert="service-down/db"]').waitFor({ timeout: 30_000 });
    await view.locator('[data-service="web"][data-state="unhealthy"]').waitFor({ timeout: 30_000 });
    await view.locator('[data-service="cache"]', { hasText: 'test -n ${REDIS_PASSWORD}' }).waitFor({ timeout: 10_000 });
    await look('dashboard');
    await session.screenshot('redaction-dashboard');

    // The Problems panel: the alert on db's line, config and secret findings.
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'db: Service is down' }).first().waitFor({ timeout: 30_000 });
    await look('Problems panel');
    await session.screenshot('redaction-problems');
    await page.keyboard.press('Control+J');

    // A hover as shown (several hidden hover containers stay in the page).
    const hover = (text: string) => page.locator('.monaco-hover:visible, .workbench-hover:visible', { hasText: text }).first();
    /** Hovers until the hover shows: the workbench sometimes ignores one synthetic mouse move (a view just opened, a hover fading out). */
    const showHover = async (target: Locator, text: string) => {
      for (let attempt = 1; ; attempt++) {
        const box = (await target.boundingBox())!;
        await page.mouse.move(box.x + 4, box.y + box.height / 2);
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
        const shown = await hover(text)
          .waitFor({ timeout: 5_000 })
          .then(() => true)
          .catch(() => false);
        if (shown) return;
        if (attempt === 6) throw new Error(`no hover with "${text}" after ${attempt} tries`);
        await page.mouse.move(900, 450);
      }
    };
    // The tree and the hover of every row (the tooltip holds the probe and the reason).
    await page
      .locator('.activitybar')
      .getByRole('tab', { name: /^Stackpilot/ })
      .click();
    for (const name of ['db', 'cache', 'api', 'web', 'broken', 'unstartable', 'vault']) {
      const row = page.locator(`.monaco-list-row[aria-label^="${name}, "]`).first();
      await row.waitFor({ timeout: 10_000 });
      await showHover(row.locator('.label-name').first(), name);
      await look(`hover of ${name}`);
      // Away from the tree so the next row is not under this hover.
      await page.mouse.move(900, 450);
      await page.keyboard.press('Escape');
      await page.locator('.monaco-hover:visible, .workbench-hover:visible').first().waitFor({ state: 'hidden', timeout: 10_000 });
    }
    await session.screenshot('redaction-tree');
    await showHover(page.locator('.statusbar-item', { hasText: /3\/7 up/ }), 'db');
    await look('status bar hover');
    await session.screenshot('redaction-status-bar-hover');
    // Dismissed before any quick pick: left under the mouse, this hover came back and hid the next picker (loaded CI).
    await page.mouse.move(900, 300);
    await page.keyboard.press('Escape');
    await page.locator('.monaco-hover:visible, .workbench-hover:visible').first().waitFor({ state: 'hidden', timeout: 10_000 });

    // The output channels as shown: each service's, then Stackpilot's own.
    for (const name of ['broken', 'unstartable', 'cache', 'vault', 'web']) {
      await runCommand(page, 'Stackpilot: Show Logs…', name);
      await page
        .locator('.panel .monaco-select-box', { hasText: `Stackpilot: ${name}` })
        .first()
        .waitFor({ timeout: 10_000 });
      // Every channel here has at least the service's own lines (or why it did not start); shown once painted.
      await page
        .locator('.panel .monaco-editor .view-line', { hasText: /\S/ })
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(() => undefined);
      await look(`output channel of ${name}`);
    }
    await session.screenshot('redaction-output');

    // Every log file code-server wrote for this window (output channels are files there), read last.
    const dataDir = path.join(path.dirname(session.workspace), 'data');
    const logs = filesUnder(path.join(dataDir, 'logs'));
    const channelFiles = logs.filter((f) => /Stackpilot/.test(path.basename(f)));
    assert.ok(channelFiles.length >= 2, `Stackpilot's output channels are log files:\n${logs.join('\n')}`);
    for (const f of logs) seen.push([path.relative(dataDir, f), fs.readFileSync(f, 'utf8')]);
    seen.push(['code-server stdout/stderr', session.serverLog]);
    // The checks see what they should: a redacted label and the alert are there.
    assert.ok(
      seen.some(([, t]) => t.includes('GET /health?…')),
      'the redacted http probe label is shown somewhere',
    );
    assert.ok(
      channelFiles.some((f) => fs.readFileSync(f, 'utf8').includes('cache: ready to accept connections')),
      "a service's output is in its channel's log file",
    );

    const leaks: string[] = [];
    for (const [where, text] of seen)
      for (const [name, s] of Object.entries(secrets)) if (text.includes(s)) leaks.push(`${name} in ${where}`);
    assert.deepEqual(leaks, []);
  });
});
