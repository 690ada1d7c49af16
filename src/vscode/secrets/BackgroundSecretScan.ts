import * as path from 'node:path';
import * as vscode from 'vscode';
import { maxFileBytes } from '../../core/secrets/scanScope';
import { describeSkip, includable, summarizeSkips } from '../../core/secrets/skips';
import type { FileResult, ScanSettings } from '../../infra/secrets/scanProtocol';
import { SecretScanWorker, type ScanDone } from '../../infra/secrets/SecretScanWorker';
import type { SecretDiagnostics } from './SecretDiagnostics';
import type { SecretsWorkspace } from './SecretsWorkspace';

/** File events are gathered this long before the changed files are rescanned together. */
const settleMs = 300;

/**
 * The workspace scanned for secrets in the background: once the folder opens (trusted or not:
 * scanning reads files and runs nothing), again when settings, the baseline or a .gitignore
 * change, and file by file as VS Code reports changes on disk. Findings become diagnostics for
 * files that are not open (open ones are the DocumentSecretScanner's, from their live text).
 * The work runs in a worker thread, throttled and cancellable; a status bar item shows progress.
 */
export class BackgroundSecretScan implements vscode.Disposable {
  private readonly worker: SecretScanWorker;
  private readonly item = vscode.window.createStatusBarItem('stackpilot.secretsScan', vscode.StatusBarAlignment.Left, 9);
  private readonly disposables: vscode.Disposable[] = [this.item];
  /** Files whose diagnostics came from this scan (uri strings). */
  private readonly reported = new Set<string>();
  /** Files reported by the whole scan that runs now. */
  private seenThisScan = new Set<string>();
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private waiting: ((d: ScanDone) => void)[] = [];
  private progressListener: ((scanned: number, total: number) => void) | undefined;
  private wholeRunning = false;
  /** The last whole scan's outcome, for the command's summary and the API. */
  lastWhole: ScanDone | undefined;

  constructor(
    private readonly ws: SecretsWorkspace,
    private readonly diagnostics: SecretDiagnostics,
    private readonly output: vscode.LogOutputChannel,
    workerPath: string,
  ) {
    this.worker = new SecretScanWorker(workerPath, {
      results: (rs) => this.apply(rs),
      progress: (p) => this.showProgress(p.scanned, p.total),
      done: (d) => this.finish(d),
      error: (message) => {
        this.output.error(`secret scan: ${message}`);
        this.finish({ whole: this.wholeRunning, scanned: 0, total: 0, skipped: [], cancelled: true, ms: 0 });
      },
    });
    this.item.command = 'stackpilot.secrets.cancelScan';
    const folder = ws.folder;
    if (folder && folder.uri.scheme === 'file') {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
      const queue = (uri: vscode.Uri) => this.queue(uri);
      this.disposables.push(
        watcher,
        watcher.onDidCreate(queue),
        watcher.onDidChange(queue),
        watcher.onDidDelete((uri) => {
          // A deleted folder is one event: drop what was reported under it.
          const prefix = `${uri.toString()}/`;
          for (const key of [...this.reported]) if (key.startsWith(prefix)) this.forget(vscode.Uri.parse(key));
          this.queue(uri);
        }),
        // Closing a file hands it back to this scan: its text on disk may differ from the buffer.
        vscode.workspace.onDidCloseTextDocument((doc) => this.queue(doc.uri)),
        ws.onDidChange(() => void this.scanAll()),
      );
    }
  }

  private get enabled(): boolean {
    return !!this.ws.folder && this.ws.folder.uri.scheme === 'file' && this.ws.enabled;
  }

  private settings(): ScanSettings {
    const config = vscode.workspace.getConfiguration('stackpilot.secrets');
    return {
      root: this.ws.folder!.uri.fsPath,
      ignore: this.ws.ignoreGlobs,
      baseline: [...(this.ws.options().baseline ?? [])],
      minConfidence: 'medium',
      includeSkipped: config.get<boolean>('includeSkipped', false),
      workMs: 40,
      restMs: 10,
    };
  }

  /** On open: a whole scan, if the setting allows. */
  startOnOpen(): void {
    if (vscode.workspace.getConfiguration('stackpilot.secrets').get<boolean>('scanOnOpen', true)) void this.scanAll();
  }

  /** Scan the whole workspace (cancelling a scan that runs); resolves when it ends. */
  scanAll(onProgress?: (scanned: number, total: number) => void): Promise<ScanDone> {
    if (!this.enabled) {
      this.clearAll();
      return Promise.resolve({ whole: true, scanned: 0, total: 0, skipped: [], cancelled: true, ms: 0 });
    }
    // Whoever waited for the scan being replaced gets the replacement's outcome.
    const done = new Promise<ScanDone>((resolve) => this.waiting.push(resolve));
    this.progressListener = onProgress;
    this.seenThisScan = new Set();
    this.wholeRunning = true;
    this.showProgress(0, 0);
    this.worker.scanAll(this.settings());
    return done;
  }

  cancel(): void {
    if (!this.worker.running) return;
    this.worker.cancel();
    this.finish({ whole: true, scanned: 0, total: 0, skipped: [], cancelled: true, ms: 0 });
  }

  private queue(uri: vscode.Uri): void {
    if (!this.enabled || !this.ws.isInside(uri)) return;
    this.changed.add(this.ws.relPath(uri));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const rels = [...this.changed];
      this.changed.clear();
      this.worker.scanFiles(this.settings(), rels);
    }, settleMs);
  }

  private isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
  }

  private apply(results: readonly FileResult[]): void {
    const folder = this.ws.folder;
    if (!folder) return;
    for (const r of results) {
      const uri = vscode.Uri.joinPath(folder.uri, ...r.rel.split('/'));
      const key = uri.toString();
      if (this.wholeRunning) this.seenThisScan.add(key);
      if (this.isOpen(uri)) continue;
      if (r.findings.length === 0) this.forget(uri);
      else {
        this.diagnostics.set(uri, r.findings);
        this.reported.add(key);
      }
    }
  }

  private forget(uri: vscode.Uri): void {
    this.reported.delete(uri.toString());
    if (!this.isOpen(uri)) this.diagnostics.delete(uri);
  }

  private clearAll(): void {
    for (const key of [...this.reported]) this.forget(vscode.Uri.parse(key));
  }

  private finish(d: ScanDone): void {
    if (!d.whole) {
      if (d.skipped.length > 0)
        this.output.info(`secret scan: skipped ${d.skipped.map((s) => `${s.path} (${describeSkip(s, maxFileBytes)})`).join(', ')}`);
      return;
    }
    this.wholeRunning = false;
    this.item.hide();
    if (!d.cancelled) {
      // Files that had findings and have none now (or are gone, or ignored now).
      for (const key of [...this.reported]) if (!this.seenThisScan.has(key)) this.forget(vscode.Uri.parse(key));
      this.lastWhole = d;
      this.output.info(`secret scan: ${summarizeScan(d, this.diagnostics.count())}`);
    }
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve(d);
  }

  private showProgress(scanned: number, total: number): void {
    this.progressListener?.(scanned, total);
    this.item.text =
      total > 0 ? `$(loading~spin) Secrets ${scanned.toLocaleString('en-US')}/${total.toLocaleString('en-US')}` : '$(loading~spin) Secrets';
    this.item.tooltip = 'Stackpilot is scanning the workspace for secrets in the background. Click to stop.';
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    void this.worker.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** `3 findings in 120 files (1.2 s); skipped 2 generated folders, 1 file over the size limit — …`. */
export function summarizeScan(d: ScanDone, findings: number): string {
  const head = `${findings} finding${findings === 1 ? '' : 's'} in ${d.scanned} file${d.scanned === 1 ? '' : 's'} (${(d.ms / 1000).toFixed(1)} s)`;
  if (d.skipped.length === 0) return `${head}.`;
  const hint = d.skipped.some((s) => includable(s.reason))
    ? ' (setting stackpilot.secrets.includeSkipped scans generated folders and large files)'
    : '';
  return `${head}; skipped ${summarizeSkips(d.skipped)}${hint}.`;
}

/** The worker's bundle, next to the extension's. */
export function workerPathIn(extensionPath: string): string {
  return path.join(extensionPath, 'dist', 'secretsWorker.js');
}
