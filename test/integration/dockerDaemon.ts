import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE } from './dockerKit';

/**
 * A second, private Docker engine for tests that stop and start the daemon: its own socket,
 * data-root, exec-root and containerd under a temp folder, started the way scripts/test-env.sh
 * starts the shared one (no bridge, no iptables), so the shared engine other tests use is never
 * touched. Stopped by its pid only. Needs root, as dockerd does.
 */
export class PrivateDockerd {
  readonly socket: string;
  private child: ChildProcess | undefined;

  /** `extraArgs`: e.g. `--live-restore` (containers outlive a daemon restart). */
  constructor(
    readonly dir: string,
    private readonly extraArgs: string[] = [],
  ) {
    this.socket = join(dir, 'docker.sock');
  }

  get host(): string {
    return `unix://${this.socket}`;
  }

  /** Whether this machine can run one (root and a dockerd binary). */
  static possible(): boolean {
    if (process.getuid?.() !== 0) return false;
    try {
      execFileSync('dockerd', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  /** Starts dockerd and waits until it answers (~1 s here). */
  async start(): Promise<void> {
    mkdirSync(join(this.dir, 'data'), { recursive: true });
    mkdirSync(join(this.dir, 'exec'), { recursive: true });
    const log = openSync(join(this.dir, 'dockerd.log'), 'a');
    const args = [
      '--bridge=none',
      '--iptables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      '-H',
      this.host,
      '--data-root',
      join(this.dir, 'data'),
      '--exec-root',
      join(this.dir, 'exec'),
      '--pidfile',
      join(this.dir, 'dockerd.pid'),
      ...this.extraArgs,
    ];
    const child = spawn('dockerd', args, { stdio: ['ignore', log, log], detached: true });
    closeSync(log);
    this.child = child;
    const deadline = Date.now() + 30_000;
    while (!this.answers()) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`private dockerd did not answer: ${this.logTail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM to our dockerd (it stops its containers, as a daemon restart does) and waits for it to end. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const ended = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM'); // by its pid: only the dockerd this test started
    const late = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await ended;
    clearTimeout(late);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The test image, copied from the shared engine (docker save | docker load, ~0.2 s). */
  loadTestImage(): void {
    this.loadImages([IMAGE]);
  }

  /** Images copied from the shared engine (docker save | docker load; offline: they must be there). */
  loadImages(images: string[]): void {
    const tar = execFileSync('docker', ['-H', 'unix:///var/run/docker.sock', 'save', ...images], { maxBuffer: 1 << 30 });
    execFileSync('docker', ['-H', this.host, 'load'], { input: tar, stdio: ['pipe', 'ignore', 'inherit'], maxBuffer: 1 << 20 });
  }

  answers(): boolean {
    try {
      execFileSync('docker', ['-H', this.host, 'version', '--format', '{{.Server.Version}}'], { stdio: 'ignore', timeout: 5000 });
      return true;
    } catch {
      return false;
    }
  }

  /** The docker CLI against this engine. */
  cli(args: string[]): string {
    return execFileSync('docker', ['-H', this.host, ...args], { encoding: 'utf8', timeout: 30_000 });
  }

  /** Stops the daemon (after removing every container), then deletes its folder. */
  async remove(): Promise<void> {
    if (this.child && this.answers()) {
      const ids = this.cli(['ps', '-aq']).split('\n').filter(Boolean);
      if (ids.length) this.cli(['rm', '-f', ...ids]);
    }
    await this.stop();
    // dockerd leaves its default network namespace mounted under exec-root.
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n').reverse()) {
      const mnt = line.split(' ')[1];
      if (mnt?.startsWith(this.dir + '/')) {
        try {
          execFileSync('umount', [mnt], { stdio: 'ignore' });
        } catch {
          // already gone
        }
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private logTail(): string {
    try {
      return readFileSync(join(this.dir, 'dockerd.log'), 'utf8').split('\n').slice(-5).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
