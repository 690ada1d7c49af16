import * as vscode from 'vscode';
import type { ProcessService } from '../../core/config/model';
import { nodeAttachConfig, pythonAttachConfig, SESSION_KEY } from '../../core/debug/debugConfigurations';
import { debugTarget, inspectorPort, nodeOptionsWithInspector } from '../../core/debug/debugTarget';
import { isEnded } from '../../core/status/serviceStates';
import { debugpyPort, pythonDebugEnv } from '../../infra/debug/debugpySite';
import type { StackController } from '../StackController';

/** How long a restarted service has to announce its debugger before Debug Service gives up. */
const ANNOUNCE_TIMEOUT_MS = 30_000;

interface Debugging {
  spec: ProcessService;
  runtime: 'node' | 'python';
  attached: number;
  /** When Debug Service was asked: only later state changes can end it. */
  since: number;
  sessions: Set<vscode.DebugSession>;
  announced?: () => void;
}

/**
 * Debug Service: restarts a process service with its debugger listening on a free loopback port
 * (Node: `--inspect=127.0.0.1:0` in NODE_OPTIONS; Python: debugpy via a sitecustomize on PYTHONPATH),
 * reads the port from its output and attaches VS Code's debugger. Every later start of the service
 * (a watch restart) is attached again; the sessions end when the service stops.
 */
export class ServiceDebugger implements vscode.Disposable {
  private readonly debugging = new Map<string, Debugging>();
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly controller: StackController,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subs = [
      controller.onDidLog((line) => {
        const d = this.debugging.get(line.service);
        if (!d || line.stream === 'system') return;
        const port = d.runtime === 'node' ? inspectorPort(line.text) : debugpyPort(line.text);
        if (port) void this.attach(d, port);
      }),
      controller.onDidChange((s) => {
        for (const [name, d] of this.debugging) {
          const st = s.statuses.find((x) => x.name === name);
          // A restart for a file change stops it too, but says so: keep debugging across it.
          if (st && st.since >= d.since && isEnded(st.state) && !st.reason?.startsWith('restarting · ')) this.end(name, d);
        }
      }),
      vscode.debug.onDidStartDebugSession((session) => {
        const name = session.configuration[SESSION_KEY] as string | undefined;
        if (name) this.debugging.get(name)?.sessions.add(session);
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        const name = session.configuration[SESSION_KEY] as string | undefined;
        if (name) this.debugging.get(name)?.sessions.delete(session);
      }),
    ];
  }

  /** Restarts `name` under the debugger and resolves once VS Code is attached to it. */
  async debug(name: string): Promise<void> {
    if (!vscode.workspace.isTrusted) throw new Error('this workspace is not trusted: Stackpilot starts nothing here');
    const target = debugTarget(this.controller.snapshot.config?.services[name]);
    if (!target.runtime) throw new Error(`cannot debug ${name}: ${target.why}`);
    const spec = target.service;
    const env =
      target.runtime === 'node'
        ? { NODE_OPTIONS: nodeOptionsWithInspector(spec.environment.NODE_OPTIONS) }
        : pythonDebugEnv(this.controller.runDir ?? spec.cwd, spec.environment.PYTHONPATH);
    const previous = this.debugging.get(name);
    if (previous) this.end(name, previous);
    const d: Debugging = { spec, runtime: target.runtime, attached: 0, since: Date.now(), sessions: new Set() };
    this.debugging.set(name, d);
    const announced = new Promise<void>((resolve) => (d.announced = resolve));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `${name} restarted, but no ${target.runtime === 'node' ? 'Node.js inspector' : 'debugpy listener'} announced itself on its output within ${ANNOUNCE_TIMEOUT_MS / 1000} s${target.runtime === 'node' ? ' (is it a Node.js program? NODE_OPTIONS must reach it)' : ' (is debugpy installed for this Python?)'}`,
            ),
          ),
        ANNOUNCE_TIMEOUT_MS,
      );
    });
    try {
      await this.controller.restartService(name, { reason: 'debugger attaching', env });
      await Promise.race([announced, timeout]);
    } catch (err) {
      this.end(name, d);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private async attach(d: Debugging, port: number): Promise<void> {
    const config = d.runtime === 'node' ? nodeAttachConfig(d.spec, port, ++d.attached) : pythonAttachConfig(d.spec, port);
    const folder = vscode.workspace.workspaceFolders?.[0];
    this.output.info(`${d.spec.name}: attaching the debugger to 127.0.0.1:${port}`);
    const ok = await vscode.debug.startDebugging(folder, config as vscode.DebugConfiguration);
    if (!ok)
      this.output.warn(
        `${d.spec.name}: the debugger did not attach to 127.0.0.1:${port}${d.runtime === 'python' ? ' (is the Python extension installed?)' : ''}`,
      );
    d.announced?.();
  }

  private end(name: string, d: Debugging): void {
    this.debugging.delete(name);
    for (const s of d.sessions) void vscode.debug.stopDebugging(s);
    d.sessions.clear();
  }

  /** Whether a debugger is attached to (or being attached to) this service. */
  isDebugging(name: string): boolean {
    return this.debugging.has(name);
  }

  dispose(): void {
    for (const [name, d] of this.debugging) this.end(name, d);
    for (const s of this.subs) s.dispose();
  }
}
