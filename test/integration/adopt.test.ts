import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunRecord } from '../../src/core/ports';
import { logPaths, ProcessRunner } from '../../src/infra/process/ProcessRunner';
import { alive, killAll, processSpec, startContext, tempDir, waitFor } from './testKit';

const SUPERVISE = resolve(__dirname, '../fixtures/services/supervise.ts');

/** Starts `spec` from a separate supervisor process, returns the record it printed, then SIGKILLs it. */
async function startFromDoomedSupervisor(specJson: string, runDir: string, env: Record<string, string>): Promise<RunRecord> {
  const sup = spawn(process.execPath, ['-r', 'tsx/cjs', SUPERVISE, specJson, runDir, JSON.stringify(env)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: resolve(__dirname, '../..'),
  });
  let out = '';
  sup.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise((r) => sup.once('exit', r));
  try {
    return JSON.parse(await waitFor('supervisor record', () => out.includes('\n') && out.split('\n')[0], 20000)) as RunRecord;
  } finally {
    sup.kill('SIGKILL');
    await exited;
  }
}

describe('adopting and reaping processes an earlier supervisor left running', () => {
  let tmp: ReturnType<typeof tempDir>;
  const pids: number[] = [];
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => {
    killAll(pids.splice(0));
    tmp.remove();
  });

  it('a service outlives its killed supervisor and a new runner adopts it by record, following only new output', async () => {
    const spec = processSpec('ticker');
    const record = await startFromDoomedSupervisor(JSON.stringify(spec), tmp.dir, { LOG: 'hello', TICK_MS: '50' });
    pids.push(record.pid!);
    assert.ok(alive(record.pid!));
    // Still writing to its log after the supervisor died (no EPIPE: files, not pipes).
    const out = logPaths(tmp.dir, 'ticker').stdout;
    const size = statSync(out).size;
    await waitFor('log grows', () => statSync(out).size > size + 20);

    const ctx = startContext(tmp.dir);
    const h = await new ProcessRunner().adopt(spec, record, ctx);
    assert.ok(h);
    assert.equal(h.adopted, true);
    assert.equal(h.id, `pid:${record.pid}`);
    assert.equal(h.startTime, record.startTime);
    await waitFor('new ticks', () => ctx.lines.filter((l) => l.text.startsWith('tick')).length >= 2);
    assert.ok(!ctx.lines.some((l) => l.text === 'hello'), 'old output replayed');
    assert.ok(ctx.lines.every((l) => l.stream === 'stdout' && l.service === 'ticker'));
    const exit = await h.stop(2000);
    assert.deepEqual([exit.code, exit.signal], [null, null]);
    assert.equal(alive(record.pid!), false);
    const n = ctx.lines.length;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(ctx.lines.length, n, 'still following after exit');
  });

  it('stops following (but leaves the process running) when the start context is aborted', async () => {
    const runner = new ProcessRunner();
    const own = startContext(tmp.dir, { TICK_MS: '30' });
    const h = await runner.start(processSpec('watched'), own);
    pids.push(h.pid!);
    const record: RunRecord = {
      service: 'watched',
      kind: 'process',
      id: h.id,
      pid: h.pid,
      pgid: h.pgid,
      startTime: h.startTime,
      configHash: 'x',
      startedAt: 0,
    };
    const peek = startContext(tmp.dir);
    assert.ok(await new ProcessRunner().adopt(processSpec('watched'), record, peek));
    await waitFor('ticks', () => own.lines.length >= 2 && peek.lines.length >= 1);
    own.abort.abort();
    peek.abort.abort();
    await new Promise((r) => setTimeout(r, 150));
    const [a, b] = [own.lines.length, peek.lines.length];
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual([own.lines.length, peek.lines.length], [a, b]);
    assert.ok(alive(h.pid!));
    await h.stop(1000);
    assert.equal(alive(h.pid!), false);
  });

  it('notices when an adopted process ends on its own', async () => {
    const runner = new ProcessRunner();
    const h1 = await runner.start(processSpec('short'), startContext(tmp.dir, { EXIT_AFTER_MS: '600' }));
    pids.push(h1.pid!);
    const record: RunRecord = {
      service: 'short',
      kind: 'process',
      id: h1.id,
      pid: h1.pid,
      pgid: h1.pgid,
      startTime: h1.startTime,
      configHash: 'x',
      startedAt: 0,
    };
    const adopted = await new ProcessRunner().adopt(processSpec('short'), record, startContext(tmp.dir));
    assert.ok(adopted);
    const exit = await adopted.exited;
    assert.ok(exit.at > 0);
    assert.equal(alive(h1.pid!), false);
  });

  it('does not adopt or reap a record whose start time differs (a reused pid), nor one without a start time', async () => {
    const runner = new ProcessRunner();
    const h = await runner.start(processSpec('victim'), startContext(tmp.dir));
    pids.push(h.pid!);
    const wrong: RunRecord = {
      service: 'victim',
      kind: 'process',
      id: h.id,
      pid: h.pid,
      pgid: h.pgid,
      startTime: String(Number(h.startTime) + 1),
      configHash: 'x',
      startedAt: 0,
    };
    const fresh = new ProcessRunner();
    assert.equal(await fresh.adopt(processSpec('victim'), wrong, startContext(tmp.dir)), undefined);
    assert.equal(await fresh.reap(wrong, 100), false);
    const { startTime: _omit, ...noStart } = wrong;
    assert.equal(await fresh.adopt(processSpec('victim'), noStart, startContext(tmp.dir)), undefined);
    assert.equal(await fresh.reap(noStart, 100), false);
    assert.ok(alive(h.pid!), 'an unverified record killed a process');
    await h.stop(1000);
  });

  it('reaps a recorded process group (grandchild too) and reports whether anything was stopped', async () => {
    const spec = processSpec('stale');
    const record = await startFromDoomedSupervisor(JSON.stringify(spec), tmp.dir, { SPAWN_CHILD: '1' });
    pids.push(record.pid!);
    const out = logPaths(tmp.dir, 'stale').stdout;
    const grandchild = Number(await waitFor('child line', () => /child (\d+)/.exec(readFileSync(out, 'utf8'))?.[1]));
    pids.push(grandchild);
    assert.equal(await new ProcessRunner().reap(record, 2000), 'stopped');
    assert.equal(alive(record.pid!), false);
    assert.equal(alive(grandchild), false);
    assert.equal(await new ProcessRunner().reap(record, 2000), false);
  });
});
