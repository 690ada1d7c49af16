import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HostSampler } from '../../src/infra/metrics/HostSampler';
import { JsonlAlertHistory } from '../../src/infra/metrics/JsonlAlertHistory';
import { ProcessTreeSampler } from '../../src/infra/metrics/ProcessTreeSampler';
import { readProcStatSync } from '../../src/infra/process/procStat';
import { killAll, tempDir, waitFor } from './testKit';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('metrics collectors against real processes', () => {
  const started: ChildProcess[] = [];
  const run = (code: string, stdio: StdioOptions = 'ignore'): ChildProcess => {
    const c = spawn(process.execPath, ['-e', code], { stdio, detached: true });
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
    const first = (await s.sample([{ service: 'grow', pid: c.pid! }], Date.now())).get('grow')!;
    // The child allocates 160 MB in 4 MB steps; on a loaded machine that takes as long as it gets the CPU.
    let later = first;
    await waitFor(
      'RSS 50 MB above the first sample',
      async () => {
        later = (await s.sample([{ service: 'grow', pid: c.pid! }], Date.now())).get('grow')!;
        return later.rssBytes > first.rssBytes + 50e6;
      },
      30_000,
    ).catch(() => undefined);
    assert.ok(later.rssBytes > first.rssBytes + 50e6, `RSS ${first.rssBytes} -> ${later.rssBytes}`);
  });

  it("CPU % of a busy child is counted in its parent's tree: what the child used by /proc, however busy the machine", async function () {
    this.timeout(60_000);
    // The parent sleeps; its child burns what it gets of a core. Only the tree view sees that CPU.
    // (Was: over 50%. Beside two busy loops and the other work of a shared 2-core machine a busy loop
    // got 12-15% of a core even at nice -19, so the check is against the child's own CPU time.)
    const c = run(
      `const k = require('child_process').spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }); console.log(k.pid); setInterval(() => {}, 1000);`,
      ['ignore', 'pipe', 'ignore'],
    );
    const child = Number(await new Promise<string>((r) => c.stdout!.once('data', (d: Buffer) => r(String(d).trim()))));
    const ticks = (pid: number) => {
      const st = readProcStatSync(pid)!;
      return st.utime + st.stime;
    };
    const s = new ProcessTreeSampler();
    await waitFor(
      'the busy child in the tree',
      async () => (await s.sample([{ service: 'busy', pid: c.pid! }], Date.now())).get('busy')!.pids.length === 2,
      10_000,
    );
    const parentTicks0 = ticks(c.pid!);
    const childTicks0 = ticks(child);
    const t0 = Date.now();
    await s.sample([{ service: 'busy', pid: c.pid! }], t0);
    await sleep(2000);
    const t1 = Date.now();
    const t = (await s.sample([{ service: 'busy', pid: c.pid! }], t1)).get('busy')!;
    const used = ticks(child) - childTicks0 + (ticks(c.pid!) - parentTicks0);
    const truth = (100 * used) / 100 / ((t1 - t0) / 1000); // USER_HZ is 100 on Linux
    assert.deepEqual([...t.pids].sort(), [c.pid!, child].sort(), `tree ${t.pids.join(',')}`);
    assert.ok(truth > 0, 'the busy child got some CPU');
    // Ticks are 10 ms: within two ticks a second of the /proc reading either side of the window.
    assert.ok(Math.abs(t.cpuPercent! - truth) <= 2 + truth * 0.1, `tree ${t.cpuPercent}% vs the child's own ${truth}%`);
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
