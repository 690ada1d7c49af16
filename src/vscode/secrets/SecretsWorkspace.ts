import * as vscode from 'vscode';
import { BaselineError, baselineFingerprints, parseBaseline } from '../../core/secrets/baseline';
import { GitignoreMatcher, matchesAnyGlob } from '../../core/secrets/ignoreGlobs';
import { defaultBaselineFile, skipDirs } from '../../core/secrets/scanScope';
import type { ScanOptions } from '../../core/secrets/SecretFinding';

const decoder = new TextDecoder();

/** The workspace as the secret scan sees it: settings, the baseline's fingerprints, .gitignore rules. Reloads itself on change. */
export class SecretsWorkspace implements vscode.Disposable {
  readonly folder = vscode.workspace.workspaceFolders?.[0];
  private gitignore = new GitignoreMatcher();
  private baseline = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Settings, baseline or .gitignore changed: findings may differ. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly output: vscode.LogOutputChannel) {
    const reload = () => void this.load().then(() => this.changed.fire());
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('stackpilot.secrets') && this.changed.fire()),
    );
    if (this.folder) {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(this.folder, `{**/.gitignore,${defaultBaselineFile}}`),
      );
      this.disposables.push(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload));
    }
  }

  get enabled(): boolean {
    return vscode.workspace.getConfiguration('stackpilot.secrets').get<boolean>('enabled', true);
  }

  get ignoreGlobs(): string[] {
    return vscode.workspace.getConfiguration('stackpilot.secrets').get<string[]>('ignore', []);
  }

  get baselineUri(): vscode.Uri | undefined {
    return this.folder && vscode.Uri.joinPath(this.folder.uri, defaultBaselineFile);
  }

  /** Workspace-relative `/` path, as the CLI run from the workspace root reports it (and fingerprints it). */
  relPath(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
  }

  isInside(uri: vscode.Uri): boolean {
    return !!this.folder && uri.scheme === this.folder.uri.scheme && uri.path.startsWith(`${this.folder.uri.path}/`);
  }

  /** Excluded by the `stackpilot.secrets.ignore` globs. */
  isIgnored(rel: string): boolean {
    return matchesAnyGlob(rel, this.ignoreGlobs);
  }

  notCommitted(uri: vscode.Uri): boolean {
    return this.isInside(uri) && this.gitignore.ignores(this.relPath(uri));
  }

  options(): ScanOptions {
    return { baseline: this.baseline, minConfidence: 'medium' };
  }

  async load(): Promise<void> {
    if (!this.folder) return;
    const matcher = new GitignoreMatcher();
    const exclude = `{${[...skipDirs].map((d) => `**/${d}/**`).join(',')}}`;
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(this.folder, '**/.gitignore'), exclude);
    // Shallow files first: deeper .gitignore rules win.
    const rels = files.map((u) => this.relPath(u)).sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
    for (const rel of rels) {
      const text = await this.read(vscode.Uri.joinPath(this.folder.uri, rel));
      if (text !== undefined) matcher.add(rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '', text);
    }
    this.gitignore = matcher;
    this.baseline = await this.loadBaseline();
  }

  private async loadBaseline(): Promise<Set<string>> {
    const uri = this.baselineUri;
    const text = uri && (await this.read(uri));
    if (text === undefined) return new Set();
    try {
      return baselineFingerprints(parseBaseline(text));
    } catch (e) {
      if (!(e instanceof BaselineError)) throw e;
      this.output.warn(`${defaultBaselineFile}: ${e.message} (ignored)`);
      return new Set();
    }
  }

  async read(uri: vscode.Uri): Promise<string | undefined> {
    try {
      return decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
