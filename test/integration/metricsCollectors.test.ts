import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HostSampler } from '../../src/infra/metrics/HostSampler';
import { JsonlAlertHistory } from '../../src/infra/metrics/JsonlAlertHistory';
import { ProcessTreeSampler } from '../../src/infra/metrics/ProcessTreeSampler';
import { killAll, tempDir } from './testKit';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('metrics collectors against real processes', () => {
  const started: ChildProcess[] = [];
  const run = (code: string): ChildProcess => {
    const c = spawn(process.execPath, ['-e', code], { stdio: 'ignore', detached: true });
    started.push(c);
    return c;
  };
  afterEach(() => {
    killAll(started.map((c) => c.pid!).filter(Boolean));
    started.length = 0;
  });

  it('RSS of a process that allocates memory grows', async () => {
    const c = run('const a = []; setInterval(() => { if (a.length < 40) a.push(Buffer.alloc(4e6, 1)); }, 20);');
    const s = new ProcessTreeSampler();
    await sleep(150);
    const first = (await s.sample([{ service: 'grow', pid: c.pid! }], Date.now())).get('grow')!;
    await sleep(900);
    const later = (await s.sample([{ service: 'grow', pid: c.pid! }], Date.now())).get('grow')!;
    assert.ok(later.rssBytes > first.rssBytes + 50e6, `RSS ${first.rssBytes} -> ${later.rssBytes}`);
  });

  it('CPU % of a busy loop is over 50, counted across the whole process tree (a busy child)', async () => {
    // The parent sleeps; its child burns one core. Only the tree view sees the CPU.
    const c = run(
      `require('child_process').spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }); setInterval(() => {}, 1000);`,
    );
    const s = new ProcessTreeSampler();
    await sleep(300);
    await s.sample([{ service: 'busy', pid: c.pid! }], Date.now());
    await sleep(1000);
    const t = (await s.sample([{ service: 'busy', pid: c.pid! }], Date.now())).get('busy')!;
    assert.equal(t.pids.length, 2, `tree ${t.pids.join(',')}`);
    assert.ok(t.cpuPercent! > 50, `cpu ${t.cpuPercent}%`);
    killAll(t.pids);
  });

  it('host sample: CPU %, load, MemAvailable and free disk of a path', async () => {
    const h = new HostSampler('/');
    await h.sample();
    await sleep(200);
    const s = await h.sample();
    assert.ok(s.cpuPercent !== undefined && s.cpuPercent >= 0 && s.cpuPercent <= 100, `cpu ${s.cpuPercent}`);
    assert.ok(s.memAvailableMb! > 0 && s.memAvailableMb! <= s.memTotalMb!);
    assert.ok(s.diskFreeBytes! > 0 && s.diskFreeBytes! <= s.diskTotalBytes!);
    assert.equal(typeof s.load1, 'number');
  });

  it('alert history: JSON lines that survive a restart, stay bounded, and skip corrupt lines', async () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'state', 'alerts.jsonl');
      const h = new JsonlAlertHistory(file, undefined, 4000);
      for (let i = 0; i < 200; i++)
        h.append({ kind: 'firing', at: i, notify: true, key: `r/s${i}`, ruleId: 'r', severity: 'warning', summary: 'x' });
      await h.flush();
      assert.ok(statSync(file).size <= 4000, `size ${statSync(file).size}`);
      appendFileSync(file, '{"truncated":\n');
      const warnings: string[] = [];
      const again = new JsonlAlertHistory(
        file,
        { debug: () => undefined, info: () => undefined, warn: (m) => void warnings.push(m), error: () => undefined },
        4000,
      );
      const r = await again.read();
      assert.equal(r.entries[r.entries.length - 1].key, 'r/s199');
      assert.ok(r.entries.length > 10);
      assert.equal(r.skipped.length, 1);
      assert.match(warnings[0], /skipped a corrupt line/);
      assert.ok(readFileSync(file, 'utf8').startsWith('{"kind"'), 'trimmed at a line boundary');
    } finally {
      tmp.remove();
    }
  });
});
