/**
 * `npm run bench:exec-probe`: how long one docker exec health probe takes on the real engine, as
 * Stackpilot runs it (containerExec: create, start with the output attached, wait for the end,
 * inspect for the exit code, through dockerode), next to the `docker exec` CLI on the same
 * container, and the same while both cores are busy (two CPU-bound processes, as during a
 * stack's start). One busybox container of its own (`spbench-exec-<pid>`), removed at the end.
 * Prints p50/p95/max in ms; not a timed test.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { connectDocker, currentEndpoint } from '../src/infra/docker/connectDocker';
import { containerExec } from '../src/infra/docker/containerExec';

const N = Number(process.env.BENCH_RUNS || 40);
const IMAGE = process.env.BENCH_IMAGE || 'stackpilot-test/busybox:1';
const name = `spbench-exec-${process.pid}`;

function stats(ms: number[]): { p50: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}
const fmt = (x: { p50: number; p95: number; max: number }) =>
  `p50 ${x.p50.toFixed(0)} ms, p95 ${x.p95.toFixed(0)} ms, max ${x.max.toFixed(0)} ms`;

async function time(n: number, once: () => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await once();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Two busy loops in child processes (one per core here), ended by pid. */
function burners(): ChildProcess[] {
  return [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}

async function main(): Promise<void> {
  const docker = connectDocker(currentEndpoint());
  const c = await docker.createContainer({
    name,
    Image: IMAGE,
    Cmd: ['sleep', '600'],
    Labels: { 'dev.stackpilot.bench': 'exec-probe' },
    HostConfig: { NetworkMode: 'none', Init: true },
  });
  const load: ChildProcess[] = [];
  try {
    await c.start();
    const signal = new AbortController().signal;
    const ours = (cmd: string[] | string) => async () => {
      const r = await containerExec(c, cmd, 10_000, signal);
      if (r.exitCode !== 0) throw new Error(`exec exited ${r.exitCode}`);
    };
    const cli = (cmd: string[]) => () => execFileSync('docker', ['exec', name, ...cmd], { stdio: 'ignore' });
    await time(3, ours(['true']));
    await time(3, cli(['true']));
    const rows: [string, number[]][] = [];
    rows.push(['Stackpilot exec probe, CMD ["true"]', await time(N, ours(['true']))]);
    rows.push(['Stackpilot exec probe, CMD-SHELL "true"', await time(N, ours('true'))]);
    rows.push(['docker exec CLI, true', await time(N, cli(['true']))]);
    load.push(...burners());
    await new Promise((r) => setTimeout(r, 500));
    rows.push(['Stackpilot exec probe, both cores busy', await time(N, ours(['true']))]);
    rows.push(['docker exec CLI, both cores busy', await time(N, cli(['true']))]);
    for (const p of load.splice(0)) p.kill('SIGKILL');
    // Four services' probes at once (a stack starting probes every 25 ms): the time of each.
    const four: number[] = [];
    for (let i = 0; i < N / 4; i++) four.push(...(await Promise.all([0, 1, 2, 3].map(async () => (await time(1, ours(['true'])))[0]))));
    rows.push(['Stackpilot exec probe, 4 at once', four]);
    const w = Math.max(...rows.map(([l]) => l.length));
    console.log(`exec probe latency on this engine (${N} each, ${IMAGE}):`);
    for (const [label, ms] of rows) console.log(`  ${label.padEnd(w)}  ${fmt(stats(ms))}`);
    const ratio = stats(rows[0][1]).p50 / stats(rows[2][1]).p50;
    console.log(`  ratio ours / docker CLI (p50, idle): ${ratio.toFixed(2)}x`);
  } finally {
    for (const p of load) p.kill('SIGKILL');
    await c.remove({ force: true }).catch((err: Error) => console.error(`could not remove ${name}: ${err.message}`));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
