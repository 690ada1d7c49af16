/**
 * A state file is a claim, verified in /proc before anything is signalled: forged records naming
 * live processes (a decoy in one group, a victim in another) make `down` signal nothing; a process
 * this stack started but never recorded is still found (by its environment markers) and stopped.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStackFromDisk, createStackEngine } from '../../src/infra/createStackEngine';
import { markersFor, stackIdOf } from '../../src/infra/process/processMarkers';
import { readProcStatSync } from '../../src/infra/process/procStat';
import { alive, killAll, tempDir, waitFor } from './testKit';

const SLEEPER = ['-e', 'setInterval(() => {}, 1000)'];

function startTime(pid: number): string {
  return readProcStatSync(pid)!.startTime;
}

/** A live process in its own process group (detached), with `env` added. */
function spawnLive(env: Record<string, string> = {}): number {
  const child = spawn(process.execPath, SLEEPER, { detached: true, stdio: 'ignore', env: { ...process.env, ...env } });
  child.unref();
  return child.pid!;
}

describe('forged state: nothing is signalled unless verifiably ours (real processes)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const pids: number[] = [];
  const warnings: string[] = [];
  const output = { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error: (m: string) => void warnings.push(m) };

  beforeEach(() => {
    tmp = tempDir();
    warnings.length = 0;
    writeFileSync(
      join(tmp.dir, 'stackpilot.yaml'),
      `name: forged\nservices:\n  db: { command: "sleep 60" }\n  api: { command: "sleep 60" }\n`,
    );
  });
  afterEach(() => {
    killAll(pids.splice(0));
    tmp.remove();
  });

  async function downWith(records: unknown[]): Promise<void> {
    mkdirSync(join(tmp.dir, '.stackpilot'), { recursive: true });
    writeFileSync(join(tmp.dir, '.stackpilot', 'state.json'), JSON.stringify({ version: 1, records }));
    const { config } = await loadStackFromDisk({ root: tmp.dir, env: process.env });
    assert.ok(config);
    const engine = createStackEngine(config, { output });
    try {
      await engine.observe();
      await engine.down();
    } finally {
      engine.dispose();
    }
  }

  const rec = (over: Record<string, unknown>) => ({ service: 'db', kind: 'process', id: 'pid:x', configHash: 'h', startedAt: 1, ...over });

  it('a record with a live decoy pid and a victim pgid signals neither', async () => {
    const decoy = spawnLive();
    const victim = spawnLive();
    pids.push(decoy, victim);
    await downWith([
      rec({ pid: decoy, startTime: startTime(decoy), pgid: victim }),
      rec({ service: 'api', pid: victim, startTime: startTime(victim), pgid: 1 }),
    ]);
    assert.ok(alive(decoy), 'the decoy was signalled');
    assert.ok(alive(victim), 'the victim group was signalled');
    assert.ok(
      warnings.some((w) => /state\.json: record of db dropped: .*STACKPILOT_STACK/.test(w)),
      warnings.join('\n'),
    );
  });

  it("a decoy carrying another stack's markers, or this stack's for another service, is not signalled", async () => {
    const other = spawnLive(markersFor('0123456789abcdef', 'db'));
    const wrongService = spawnLive(markersFor(stackIdOf(tmp.dir), 'api'));
    pids.push(other, wrongService);
    await downWith([
      rec({ pid: other, startTime: startTime(other) }),
      rec({ service: 'api', pid: wrongService, startTime: String(Number(startTime(wrongService)) - 1) }),
    ]);
    assert.ok(alive(other));
    // api's own marked process is a stray (its record's start time is wrong): down finds it by its markers.
    await waitFor('the stray to be stopped', () => !alive(wrongService), 15_000);
    assert.ok(
      warnings.some((w) => /record of db dropped/.test(w)),
      warnings.join('\n'),
    );
  });

  it('malformed records (pid as a string, fractional pgid, pid 1) are dropped with the file named', async () => {
    const victim = spawnLive();
    pids.push(victim);
    await downWith([
      rec({ pid: String(victim), startTime: startTime(victim) }),
      rec({ service: 'api', pid: victim, startTime: startTime(victim), pgid: 1.5 }),
      rec({ pid: 1, startTime: '1' }),
    ]);
    assert.ok(alive(victim));
    assert.ok(
      warnings.some((w) => /state\.json: record 1 dropped: pid is not a positive integer/.test(w)),
      warnings.join('\n'),
    );
    assert.ok(
      warnings.some((w) => /record 2 dropped: pgid is not a positive integer/.test(w)),
      warnings.join('\n'),
    );
  });

  it('down stops a marked process group no record names (a supervisor killed before recording it)', async () => {
    const stray = spawnLive(markersFor(stackIdOf(tmp.dir), 'db'));
    const unrelated = spawnLive();
    pids.push(stray, unrelated);
    await downWith([]);
    await waitFor('the stray to be stopped', () => !alive(stray), 15_000);
    assert.ok(alive(unrelated));
  });
});
