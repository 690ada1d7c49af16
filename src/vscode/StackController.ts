import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StackConfig } from '../core/config/model';
import type { EngineEvent } from '../core/engine/state';
import { emptySnapshot, type StackSnapshot } from '../core/status/StackSnapshot';
import { loadStackFromDisk, type StackEngine, createStackEngine } from '../infra/createStackEngine';

export interface StartResult {
  ok: boolean;
  failures: string[];
}

/**
 * Holds the loaded stack and, while it runs, its engine. Everything the views show comes from
 * `snapshot`; `onDidChange` fires (coalesced) whenever it changes. Extension-lifetime object; the
 * engine inside is stack-run lifetime.
 */
export class StackController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StackSnapshot>();
  readonly onDidChange = this.changed.event;
  private current: StackSnapshot = emptySnapshot;
  private engine: StackEngine | undefined;
  private engineSub: { dispose(): void } | undefined;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly folder: vscode.WorkspaceFolder | undefined, private readonly output: vscode.LogOutputChannel) {}

  get snapshot(): StackSnapshot {
    return this.current;
  }

  configPathSetting(): string {
    return vscode.workspace.getConfiguration('stackpilot', this.folder).get<string>('configPath') || 'stackpilot.yaml';
  }

  profileSetting(): string | undefined {
    return vscode.workspace.getConfiguration('stackpilot', this.folder).get<string>('profile') || undefined;
  }

  /** Re-read the stack file(s). A running engine keeps running with the config it started with. */
  async reload(): Promise<void> {
    if (!this.folder) return this.set({ ...emptySnapshot, trusted: vscode.workspace.isTrusted });
    const loaded = await loadStackFromDisk({ root: this.folder.uri.fsPath, configPath: this.configPathSetting(), profile: this.profileSetting(), env: process.env });
    for (const d of loaded.diagnostics) this.output.debug(`${d.severity} ${path.basename(d.location.file)}:${d.location.line}:${d.location.column} ${d.message}`);
    this.set({
      ...this.current,
      config: loaded.config,
      configPath: path.join(this.folder.uri.fsPath, this.configPathSetting()),
      diagnostics: loaded.diagnostics,
      selected: loaded.selected,
      profile: loaded.profile,
      statuses: this.engine ? this.engine.status() : await this.observe(loaded.config),
      trusted: vscode.workspace.isTrusted,
    });
  }

  /** Status of what an earlier run left running (read-only: nothing is started or stopped). */
  private async observe(config: StackConfig | undefined) {
    if (!config) return [];
    try {
      return await createStackEngine(config, { output: this.output }).observe();
    } catch (err) {
      this.output.warn(`could not read the state of an earlier run: ${String(err)}`);
      return [];
    }
  }

  async start(signal?: AbortSignal): Promise<StartResult | undefined> {
    if (!vscode.workspace.isTrusted) throw new Error('this workspace is not trusted: Stackpilot starts nothing here');
    await this.reload();
    const config = this.current.config;
    if (!config) throw new Error(this.current.diagnostics.length ? 'the stack file has errors: see the Problems panel' : 'no stack file in this workspace');
    if (!this.engine) {
      this.engine = createStackEngine(config, { output: this.output });
      this.engineSub = this.engine.onEvent((e) => this.onEngineEvent(e));
    }
    this.set({ ...this.current, active: true, statuses: this.engine.status() });
    const result = await this.engine.up(this.current.selected, { signal });
    this.set({ ...this.current, statuses: this.engine.status() });
    return result;
  }

  async stop(): Promise<void> {
    const engine = this.engine ?? (this.current.config ? createStackEngine(this.current.config, { output: this.output }) : undefined);
    if (!engine) return;
    if (engine !== this.engine) this.engineSub = engine.onEvent((e) => this.onEngineEvent(e));
    this.engine = engine;
    await engine.down();
    this.set({ ...this.current, active: false, statuses: engine.status() });
  }

  private onEngineEvent(e: EngineEvent): void {
    if (e.type === 'log') return;
    // Coalesce bursts (a start-up emits many transitions within milliseconds).
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      if (this.engine) this.set({ ...this.current, statuses: this.engine.status() });
    }, 50);
  }

  private set(next: StackSnapshot): void {
    this.current = next;
    this.changed.fire(next);
  }

  /** Stop what this window started when stopOnClose is set; otherwise leave it for the next window to adopt. */
  async shutdown(): Promise<void> {
    const stopOnClose = vscode.workspace.getConfiguration('stackpilot', this.folder).get<boolean>('stopOnClose', true);
    if (this.engine && stopOnClose) await this.engine.down();
    this.engine?.dispose();
    this.engine = undefined;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.engineSub?.dispose();
    this.engine?.dispose();
    this.changed.dispose();
  }
}
