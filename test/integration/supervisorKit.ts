/** Running the built CLI as separate processes against one stack, with its own XDG_STATE_HOME (where lock, status and channel live). */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { freePort, killAll, SVC, tempDir, waitFor } from './testKit';

export const cli = path.resolve(__dirname, '../../dist/cli.js');

export interface Run {
  code: number | null;
  /** stdout and stderr as they came. */
  out: string;
  stdout: string;
}

export interface Started {
  child: ChildProcess;
  done: Promise<Run>;
  output(): string;
}

/**
 * A stack folder (`<temp>/stack`) with its own XDG_STATE_HOME, and the CLI processes a test runs on
 * it; `cleanup()` reaps them all, also when the test failed midway.
 */
export class CliStack {
  readonly t: ReturnType<typeof tempDir>;
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  private readonly children: ChildProcess[] = [];
  private readonly paused = new Set<number>();

  constructor(prefix = 'sp-ctl-') {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    this.t = tempDir(prefix);
    this.dir = path.join(this.t.dir, 'stack');
    this.env = { ...process.env, XDG_STATE_HOME: path.join(this.t.dir, 'state'), NO_COLOR: '1' };
    fs.mkdirSync(this.dir);
  }

  write(yaml: string): void {
    fs.writeFileSync(path.join(this.dir, 'stackpilot.yaml'), yaml);
  }

  start(...args: string[]): Started {
    const child = spawn(process.execPath, [cli, ...args], { cwd: this.dir, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.push(child);
    let out = '';
    let stdout = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      stdout += String(d);
    });
    child.stderr!.on('data', (d) => (out += String(d)));
    const done = new Promise<Run>((resolve) => child.once('exit', (code) => resolve({ code, out, stdout })));
    return { child, done, output: () => out };
  }

  run(...args: string[]): Promise<Run> {
    return this.start(...args).done;
  }

  /** `status --json` from a second process, parsed (T: the fields a test reads). */
  async statusJson<
    T = { source: string; services: { name: string; state: string; pid: number | null; restarts: number; reason: string | null }[] },
  >(): Promise<T> {
    return JSON.parse((await this.run('status', '--json')).stdout) as T;
  }

  /** A foreground `up` once it says it supervises. */
  async supervise(...args: string[]): Promise<Started> {
    const up = this.start('up', ...args);
    await waitFor('the supervisor is up', () => /supervising/.test(up.output()) || up.child.exitCode !== null, 90_000).catch(
      () => undefined,
    );
    if (!/supervising/.test(up.output())) throw new Error(`up did not come up:\n${up.output()}`);
    return up;
  }

  /** The stack's live processes, by their markers: service -> pids. */
  async marked(): Promise<Record<string, number[]>> {
    const out: Record<string, number[]> = {};
    for (const p of await findMarkedProcesses(stackIdOf(this.dir))) (out[p.service] ??= []).push(p.pid);
    return out;
  }

  pause(pid: number): void {
    process.kill(pid, 'SIGSTOP');
    this.paused.add(pid);
  }

  /** A pid stopped by the test itself, to resume at cleanup if the test fails first. */
  pauseTracked(pid: number): void {
    this.paused.add(pid);
  }

  resume(pid: number): void {
    process.kill(pid, 'SIGCONT');
    this.paused.delete(pid);
  }

  /** Ctrl-C as a user would: resumed if paused, SIGTERM, and SIGKILL only if it has not ended in 20 s. */
  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 20_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  /**
   * Reaps everything this test started, also when it failed midway: its CLI processes (`graceful`:
   * stopped as by Ctrl-C first, so a supervisor stops its stack itself), then `down`, then whatever
   * still carries the stack's markers.
   */
  async cleanup(opts: { graceful?: boolean } = {}): Promise<void> {
    for (const pid of this.paused) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone
      }
    }
    if (opts.graceful) for (const c of this.children) await this.stop(c);
    for (const c of this.children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await this.run('down').catch(() => undefined);
    killAll((await findMarkedProcesses(stackIdOf(this.dir))).map((p) => p.pid));
    this.t.remove();
  }
}

/** Five process services with restart policies (always, on-failure, unless-stopped), probes of three kinds, a dependency chain. */
export async function fiveServices(): Promise<string> {
  const [db, api, web] = [await freePort(), await freePort(), await freePort()];
  const node = JSON.stringify(process.execPath);
  const svc = JSON.stringify(SVC);
  return `name: control-chaos
services:
  db:
    argv: [${node}, ${svc}]
    env: { NAME: db, PORT: "${db}" }
    health: { http: "http://127.0.0.1:${db}/health", interval: 300ms, startPeriod: 20s }
    restart: { policy: always }
    stopGracePeriod: 3s
  api:
    argv: [${node}, ${svc}]
    env: { NAME: api, PORT: "${api}" }
    dependsOn: { db: healthy }
    health: { tcp: "127.0.0.1:${api}", interval: 300ms, startPeriod: 20s }
    restart: { policy: always }
    stopGracePeriod: 3s
  web:
    argv: [${node}, ${svc}]
    env: { NAME: web, PORT: "${web}" }
    dependsOn: { api: healthy }
    health: { http: "http://127.0.0.1:${web}/health", interval: 300ms, startPeriod: 20s }
    restart: { policy: always }
    stopGracePeriod: 3s
  worker:
    argv: [${node}, ${svc}]
    env: { NAME: worker, TICK_MS: "60000" }
    dependsOn: { db: started }
    restart: { policy: on-failure }
    stopGracePeriod: 3s
  cron:
    argv: [${node}, ${svc}]
    env: { NAME: cron }
    restart: { policy: unless-stopped }
    stopGracePeriod: 3s
`;
}
