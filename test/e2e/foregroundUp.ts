/**
 * A foreground `stackpilot up` (dist/cli.js) for e2e tests of a window that does not hold the
 * stack's lock: its own state folder (XDG_STATE_HOME, also the window's), spawned in the window's
 * workspace, awaited until it says "supervising", and reaped in the suite's after(): it is stopped
 * (SIGCONT first, should a test have paused it; SIGKILL after 20 s), the window closed, whatever of
 * its stack is left killed, and its state folder removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { CodeServerSession, repoRoot, waitFor } from './codeServer';

export const cli = path.join(repoRoot, 'dist', 'cli.js');

/** A window beside a foreground `up` (`windowBesideUp`); `probe()` reads the probe extension's last report. */
export interface WindowBesideUp<P> {
  up: ForegroundUp;
  session: CodeServerSession;
  probe(): Partial<P>;
}

/**
 * A trusted window (autoStart off) on `workspace` sharing a foreground `up`'s state folder, with
 * the probe extension when `probe` is set (its report file removed in after()); `up.reapAfter` is
 * registered. Call inside describe(), before the suite's own after().
 */
export function windowBesideUp<P extends object>(workspace: string, opts: { probe?: boolean } = {}): WindowBesideUp<P> {
  const up = new ForegroundUp();
  const probeOut = opts.probe ? path.join(up.state, 'probe.json') : undefined;
  const session = new CodeServerSession({
    workspace,
    trust: true,
    probe: !!probeOut,
    env: { XDG_STATE_HOME: up.state, ...(probeOut ? { STACKPILOT_PROBE_OUT: probeOut } : {}) },
    settings: { 'stackpilot.autoStart': 'off' },
  });
  up.reapAfter(session);
  const probe = (): Partial<P> => {
    try {
      return probeOut ? (JSON.parse(fs.readFileSync(probeOut, 'utf8')) as Partial<P>) : {};
    } catch {
      return {};
    }
  };
  return { up, session, probe };
}

export class ForegroundUp {
  /** XDG_STATE_HOME for this `up` and the window (give it to the session's env). */
  readonly state = fs.mkdtempSync(path.join(os.tmpdir(), 'stackpilot-e2e-state-'));
  /** The environment of this `up` and of any CLI command a test runs beside it. */
  readonly env: NodeJS.ProcessEnv = { ...process.env, XDG_STATE_HOME: this.state, NO_COLOR: '1' };
  /** Everything it printed so far, stdout and stderr. */
  out = '';
  private child?: ChildProcess;
  private exit?: Promise<number | null>;
  private stackId?: string;

  /** Registers the suite's after(): call once, inside describe(), before the suite's own after(). */
  reapAfter(session: CodeServerSession): this {
    after(async () => {
      await this.stop();
      await session.close().catch(() => undefined);
      for (const p of this.stackId ? await findMarkedProcesses(this.stackId).catch(() => []) : []) {
        try {
          process.kill(-p.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      fs.rmSync(this.state, { recursive: true, force: true });
    });
    return this;
  }

  /** Spawns `stackpilot up --quiet` in `workspace` and waits until it supervises. */
  async start(workspace: string, timeoutMs = 120_000): Promise<void> {
    this.stackId = stackIdOf(workspace);
    const child = spawn(process.execPath, [cli, 'up', '--quiet'], { cwd: workspace, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (d) => (this.out += String(d)));
    child.stderr!.on('data', (d) => (this.out += String(d)));
    this.exit = new Promise((r) => child.once('exit', (code) => r(code)));
    await waitFor(
      () => this.out.includes('supervising') || child.exitCode !== null,
      timeoutMs,
      () => `up did not come up:\n${this.out}`,
    );
    if (!this.out.includes('supervising')) throw new Error(`up exited (${child.exitCode}) before supervising:\n${this.out}`);
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error('stackpilot up was not started');
    return this.child.pid;
  }

  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** Its exit code, or 'timeout' when it still runs after `ms`. */
  async exited(ms: number): Promise<number | null | 'timeout'> {
    if (!this.exit) throw new Error('stackpilot up was not started');
    return Promise.race([this.exit, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
  }

  private async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    if ((await this.exited(20_000)) === 'timeout') child.kill('SIGKILL');
  }
}
