import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { StackConfig } from '../../core/config/model';
import type { StackSnapshot } from '../../core/status/StackSnapshot';
import { engineWatchPort } from '../../core/watch/engineWatchPort';
import { WatchRules } from '../../core/watch/WatchRules';
import { WatchScheduler } from '../../core/watch/WatchScheduler';
import { SystemClock } from '../../infra/SystemClock';
import { DockerContainerSync } from '../../infra/watch/DockerContainerSync';
import { initialSync } from '../../infra/watch/watchStack';
import type { StackController } from '../StackController';

/**
 * The editor's side of `watch:`: VS Code's own file events (one watcher per service folder, the
 * editor's recursive watcher underneath, honouring files.watcherExclude; no second watcher of ours)
 * drive the same WatchRules and WatchScheduler as the CLI. Only while this window runs the stack in a
 * trusted workspace; a new config or a stop ends it.
 */
export class EditorFileWatch implements vscode.Disposable {
  private current: { config: StackConfig; scheduler: WatchScheduler; subs: vscode.Disposable[] } | undefined;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly controller: StackController,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.sub = controller.onDidChange((s) => this.update(s));
  }

  private update(s: StackSnapshot): void {
    const wanted = s.active && vscode.workspace.isTrusted && s.config ? s.config : undefined;
    if (wanted === this.current?.config) return;
    this.stop();
    if (wanted) void this.begin(wanted);
  }

  private async begin(config: StackConfig): Promise<void> {
    const rules = WatchRules.of(config);
    if (rules.isEmpty) return;
    const stack = {
      status: () => this.controller.snapshot.statuses,
      restart: (service: string, opts: { reason: string }) => this.controller.restartService(service, opts),
    };
    const scheduler = new WatchScheduler(
      engineWatchPort(stack, config, new DockerContainerSync(), this.output),
      new SystemClock(),
      this.output,
    );
    const subs: vscode.Disposable[] = [];
    this.current = { config, scheduler, subs };
    const onUri = (uri: vscode.Uri) => {
      for (const hit of rules.match(uri.fsPath)) scheduler.changed(hit.key, hit.file);
    };
    for (const base of rules.bases()) {
      // A compose rule's `path` may be one file: watch just that file.
      const isFile = statSync(base, { throwIfNoEntry: false })?.isFile() ?? false;
      const w = vscode.workspace.createFileSystemWatcher(
        isFile
          ? new vscode.RelativePattern(vscode.Uri.file(dirname(base)), basename(base))
          : new vscode.RelativePattern(vscode.Uri.file(base), '**/*'),
      );
      subs.push(w, w.onDidChange(onUri), w.onDidCreate(onUri), w.onDidDelete(onUri));
    }
    await this.readGitignores(config, rules);
    await initialSync(stack, config, Object.keys(config.services), new DockerContainerSync(), this.output);
    this.output.info(`watching files for ${rules.services.join(', ')}: a matching change restarts them`);
  }

  /** The .gitignore files of the stack's folder (bounded): what git ignores does not restart anything. */
  private async readGitignores(config: StackConfig, rules: WatchRules): Promise<void> {
    try {
      const found = await vscode.workspace.findFiles(
        new vscode.RelativePattern(vscode.Uri.file(config.root), '**/.gitignore'),
        '**/node_modules/**',
        200,
      );
      for (const uri of found) {
        const bytes = await vscode.workspace.fs.readFile(uri);
        if (bytes.byteLength <= 256 * 1024) rules.addGitignore(vscode.Uri.joinPath(uri, '..').fsPath, new TextDecoder().decode(bytes));
      }
    } catch (err) {
      this.output.warn(`watch: could not read .gitignore files: ${(err as Error).message}`);
    }
  }

  private stop(): void {
    if (!this.current) return;
    this.current.scheduler.dispose();
    for (const d of this.current.subs) d.dispose();
    this.current = undefined;
  }

  dispose(): void {
    this.stop();
    this.sub.dispose();
  }
}
