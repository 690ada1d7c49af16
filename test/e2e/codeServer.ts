/**
 * Runs a real VS Code (code-server 4.100.3, installed by scripts/test-env.sh) with the packaged
 * .vsix installed, and a real Chromium (Debian's, driven by playwright-core) looking at it.
 * Everything started here is stopped in `close()`, by process group.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  publisher: string;
};
export const vsixPath = path.join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
export const resultsDir = path.join(repoRoot, 'test-results');
const codeServerBin = path.join(repoRoot, '.vscode-test', 'code-server-4.100.3', 'node_modules', '.bin', 'code-server');

export interface SessionOptions {
  /** Folder opened as the workspace (copied into a temp dir first so tests never write into the repo). */
  workspace: string;
  trust: boolean;
  settings?: Record<string, unknown>;
  theme?: 'Default Dark Modern' | 'Default Light Modern';
  /** Extra environment for code-server and so the extension host (e.g. STACKPILOT_PROBE_OUT). */
  env?: Record<string, string>;
  /** Also install the test-only probe extension (test/e2e/probe-extension), which reports the API's view. */
  probe?: boolean;
  /** Files copied into the workspace copy: path in the workspace -> path in the repository (one source, no fixture copies). */
  files?: Record<string, string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export function checkPrerequisites(): void {
  if (!fs.existsSync(codeServerBin)) throw new Error(`code-server is not installed at ${codeServerBin}: run scripts/test-env.sh`);
  if (!fs.existsSync('/usr/bin/chromium')) throw new Error('Debian chromium is missing (/usr/bin/chromium): run scripts/test-env.sh');
  if (!fs.existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run npm run package first`);
}

/** Extensions dir with the .vsix installed, shared by every session of a test run. */
let installedExtensionsDir: string | undefined;
function extensionsDir(): string {
  if (installedExtensionsDir) return installedExtensionsDir;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-e2e-ext-'));
  execFileSync(codeServerBin, ['--extensions-dir', dir, '--install-extension', vsixPath], { stdio: 'pipe', timeout: 120_000 });
  installedExtensionsDir = dir;
  return dir;
}

export class CodeServerSession {
  page!: Page;
  private proc?: ChildProcess;
  private browser?: Browser;
  private tmpDir?: string;
  private log = '';

  /** Sessions are built when a suite is defined; the folder is made on first use, so a run filtered with --grep leaves none behind. */
  constructor(private readonly opts: SessionOptions) {}

  private get tmp(): string {
    if (!this.tmpDir) {
      this.tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-e2e-'));
      // Never a runtime folder a local run left behind: each session starts from the committed files.
      fs.cpSync(this.opts.workspace, path.join(this.tmpDir, 'workspace'), {
        recursive: true,
        filter: (src) => path.basename(src) !== '.stackpilot',
      });
      for (const [to, from] of Object.entries(this.opts.files ?? {})) {
        const dest = path.join(this.tmpDir, 'workspace', to);
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.copyFileSync(path.join(repoRoot, from), dest);
      }
    }
    return this.tmpDir;
  }

  /** The copy of the workspace folder this session opens. */
  get workspace(): string {
    return path.join(this.tmp, 'workspace');
  }

  async open(): Promise<Page> {
    checkPrerequisites();
    const port = await freePort();
    const dataDir = path.join(this.tmp, 'data');
    fs.mkdirSync(path.join(dataDir, 'User'), { recursive: true });
    const settings = {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.colorTheme': this.opts.theme ?? 'Default Dark Modern',
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'security.workspace.trust.startupPrompt': 'never',
      ...this.opts.settings,
    };
    fs.writeFileSync(path.join(dataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const extDir = extensionsDir();
    if (this.opts.probe) installProbe(extDir);
    const args = [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--extensions-dir',
      extDir,
      '--user-data-dir',
      dataDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
    ];
    if (!this.opts.trust) {
      // Trust is on by default in code-server; an untrusted folder opens in Restricted Mode.
    } else {
      args.push('--disable-workspace-trust');
    }
    args.push(this.workspace);
    this.proc = spawn(codeServerBin, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, VSCODE_PROXY_URI: '', ...this.opts.env },
    });
    this.proc.stdout!.on('data', (d) => (this.log += String(d)));
    this.proc.stderr!.on('data', (d) => (this.log += String(d)));
    await waitFor(
      () => /HTTP server listening/.test(this.log),
      60_000,
      () => `code-server did not start:\n${this.log}`,
    );

    this.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 900 } });
    this.page = await context.newPage();
    // The first load of the workbench fetches ~10 MB of scripts from code-server: slow on a loaded 2-core machine.
    await this.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(this.workspace)}`, { timeout: 90_000 });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    // The workbench paints with a default theme first and applies the user's a few seconds later.
    const themeClass = (this.opts.theme ?? 'Default Dark Modern').includes('Light') ? 'vs' : 'vs-dark';
    await this.page.locator(`.monaco-workbench.${themeClass}`).waitFor({ timeout: 60_000 });
    return this.page;
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** code-server's own log (extension host output included), for failure messages. */
  get serverLog(): string {
    return this.log;
  }

  /** Closes the browser, as a person closing the tab; code-server keeps running. */
  async closeBrowser(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    this.browser = undefined;
  }

  /**
   * Stops code-server the way a service manager or Ctrl+C does: SIGTERM to the server process
   * alone (not its group), then waits until every process of its group is gone. The extension
   * host's shutdown (and so `deactivate`) runs or not as code-server decides.
   */
  async stopServer(timeoutMs = 30_000): Promise<void> {
    const pid = this.proc?.pid;
    if (!pid) return;
    process.kill(pid, 'SIGTERM');
    await waitFor(
      () => !groupAlive(pid),
      timeoutMs,
      () => `code-server's processes (group ${pid}) were still running ${timeoutMs} ms after SIGTERM`,
    );
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    if (this.proc?.pid) {
      try {
        process.kill(-this.proc.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const pid = this.proc.pid;
      await waitFor(
        () => !alive(pid),
        10_000,
        () => '',
      ).catch(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
      });
    }
    // Services run in their own process groups and outlive a killed code-server: stop whatever the
    // extension started with the CLI, from the state file it wrote.
    if (!this.tmpDir) return;
    if (fs.existsSync(path.join(this.workspace, '.stackpilot', 'state.json'))) {
      execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'down'], {
        cwd: this.workspace,
        stdio: 'ignore',
        timeout: 60_000,
      });
    }
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = undefined;
  }
}

/** Copies the probe extension in and registers it in extensions.json (unregistered folders are removed at startup). */
function installProbe(extDir: string): void {
  const rel = 'stackpilot-test.probe-0.0.1';
  const dir = path.join(extDir, rel);
  const registry = path.join(extDir, 'extensions.json');
  const entries = JSON.parse(fs.readFileSync(registry, 'utf8')) as { identifier: { id: string } }[];
  if (entries.some((e) => e.identifier.id === 'stackpilot-test.probe')) return;
  fs.cpSync(path.join(__dirname, 'probe-extension'), dir, { recursive: true });
  entries.push({
    identifier: { id: 'stackpilot-test.probe' },
    version: '0.0.1',
    location: { $mid: 1, fsPath: dir, path: dir, scheme: 'file' },
    relativeLocation: rel,
    metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  } as never);
  fs.writeFileSync(registry, JSON.stringify(entries));
}

export function cleanupExtensionsDir(): void {
  if (installedExtensionsDir) fs.rmSync(installedExtensionsDir, { recursive: true, force: true });
  installedExtensionsDir = undefined;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(check: () => boolean, timeoutMs: number, message: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(message());
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs a command from the palette: F1, its title typed, Enter once its row is listed. `pick` then
 * answers the quick pick the command shows, typed rather than clicked (a row of a long list can be
 * scrolled out of the widget: a clean CI run timed out clicking it).
 */
export async function runCommand(page: Page, title: string, pick?: string): Promise<void> {
  const row = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  const input = page.locator('.quick-input-widget input');
  // The palette can close again at once when focus moves late (an output panel opened by the last
  // command took it on a loaded clean CI run: the input was found, then hidden): opened again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      await row(title).waitFor({ timeout: 10_000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
      if (await input.isVisible()) await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
  if (pick === undefined) return;
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
  await input.fill(pick);
  await row(pick).waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}
