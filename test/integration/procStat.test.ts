import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readProcStat, readProcStatSync } from '../../src/infra/process/procStat';
import { supervisedElsewhere } from '../../src/infra/state/supervisedElsewhere';
import { waitFor } from './testKit';

describe('reading /proc/<pid>/stat of a real process that names itself like stat fields', () => {
  it('reads its comm, state, ppid and start time (sync and async alike), and the ppid of its child', async () => {
    // The shell renames itself through /proc/self/comm (15 bytes at most), starts a child, waits.
    const name = 'a) b (c\nZ 1 1';
    const sh = spawn('sh', ['-c', `printf '%s' "$1" > /proc/$$/comm; sleep 30 & echo $!; wait`, 'sh', name], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let child: number | undefined;
    try {
      child = Number(
        await new Promise<string>((resolve, reject) => (sh.stdout.once('data', (d) => resolve(String(d))), sh.once('error', reject))),
      );
      const s = await readProcStat(sh.pid!);
      assert.ok(s);
      assert.equal(s.comm, name);
      assert.equal(s.pid, sh.pid);
      assert.equal(s.ppid, process.pid);
      assert.match(s.state, /^[RS]$/);
      assert.match(s.startTime, /^\d+$/);
      assert.ok(s.rssPages > 0);
      assert.deepEqual(readProcStatSync(sh.pid!), s);
      assert.equal((await readProcStat(child))?.ppid, sh.pid);
      assert.equal(await supervisedElsewhere(child), `${name} (pid ${sh.pid})`);
    } finally {
      if (child) process.kill(child, 'SIGKILL');
      sh.kill('SIGKILL');
      await waitFor('the shell to end', () => sh.exitCode !== null || sh.signalCode !== null, 10_000);
    }
    assert.equal(await readProcStat(sh.pid!), undefined);
  });
});
