import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULTS } from '../../src/core/config/defaults';
import type { ProcessService } from '../../src/core/config/model';
import type { LogLine, StartContext } from '../../src/core/ports';
import { isDead, readProcStatSync } from '../../src/infra/process/procStat';

export const SVC = resolve(__dirname, '../fixtures/services/svc.js');
/** `argv:` of a service that runs SVC with this Node, as YAML. */
export const SVC_ARGV = `[${JSON.stringify(process.execPath)}, ${JSON.stringify(SVC)}]`;

/**
 * A stack whose start never finishes: `slow` never answers its probe (a long start period) and
 * `dep` waits for it to be healthy. For stops that cut a start short.
 */
export function slowStartStack(name: string): string {
  return `name: ${name}
services:
  slow:
    argv: ${SVC_ARGV}
    env: { NAME: slow, TICK_MS: "60000" }
    health: { tcp: "127.0.0.1:1", interval: 1s, startPeriod: 600s }
  dep:
    argv: ${SVC_ARGV}
    env: { NAME: dep, TICK_MS: "60000" }
    dependsOn: { slow: healthy }
`;
}

/** A port nobody listens on right now (bind to 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export function tempDir(prefix = 'sp-int-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Retried: a watchdog or supervisor that is ending may still write its last line into the folder.
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }) };
}

/** The fields every service kind shares, defaulted as a test wants them (2 s grace). */
export function serviceBase(name: string) {
  return {
    name,
    location: { file: '/dev/null', line: 1, column: 1 },
    dependsOn: [],
    restart: { ...DEFAULTS.restart },
    ports: [],
    profiles: [],
    environment: {},
    stopGracePeriod: 2000,
    extensions: {},
  };
}

/** A process service running the fixture svc.js (or `argv`) with everything else defaulted. */
export function processSpec(name: string, over: Partial<ProcessService> = {}): ProcessService {
  return {
    ...serviceBase(name),
    kind: 'process',
    argv: [process.execPath, SVC],
    shell: false,
    cwd: __dirname,
    envFiles: [],
    ...over,
  };
}

export function startContext(
  runDir: string,
  env: Record<string, string> = {},
): StartContext & { lines: LogLine[]; abort: AbortController } {
  const lines: LogLine[] = [];
  const abort = new AbortController();
  return { env, runDir, onLog: (l) => lines.push(l), signal: abort.signal, lines, abort };
}

/** Alive and not a zombie (PID 1 here may never reap orphans, so zombies count as gone). */
export function alive(pid: number): boolean {
  const s = readProcStatSync(pid);
  return s !== undefined && !isDead(s);
}

export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Last-resort cleanup for tests: SIGKILL groups and pids that may still be around. */
export function killAll(pids: Iterable<number>): void {
  for (const pid of pids) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

/**
 * `dir/stackpilot.yaml`: a small stack of SVC processes on free ports, db (an http health gate,
 * with a child process of its own) <- api (healthy), then `extra` services (YAML under `services:`).
 */
export async function writeSvcStack(dir: string, o: { name: string; dbReadyMs: number; extra?: string }): Promise<void> {
  const [db, api] = [await freePort(), await freePort()];
  writeFileSync(
    join(dir, 'stackpilot.yaml'),
    `name: ${o.name}
services:
  db:
    argv: ${SVC_ARGV}
    env: { NAME: db, PORT: "${db}", READY_DELAY_MS: "${o.dbReadyMs}", SPAWN_CHILD: "1" }
    health: { http: "http://127.0.0.1:${db}/health" }
  api:
    argv: ${SVC_ARGV}
    env: { NAME: api, PORT: "${api}" }
    dependsOn: { db: healthy }
    health: { http: "http://127.0.0.1:${api}/health" }
${o.extra ?? ''}`,
  );
}
