import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readProcStat, readProcStatSync } from '../../src/infra/process/procStat';
import { ProcStateReader } from '../../src/infra/process/ProcStateReader';
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

describe('ProcStateReader: the pause check through a descriptor kept open', () => {
  it('follows SIGSTOP and SIGCONT of a real process named like stat fields, and reads nothing once it is gone', async () => {
    // A name holding ') T (' must not be taken for the state.
    const sh = spawn('sh', ['-c', `printf '%s' 'x) T (y' > /proc/$$/comm; echo ready; exec sleep 30`], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const reader = new ProcStateReader(sh.pid!);
    try {
      await new Promise((resolve) => sh.stdout.once('data', resolve));
      await waitFor('sleep to run', () => reader.state() === 'S', 10_000);
      sh.kill('SIGSTOP');
      await waitFor('the stopped state', () => reader.state() === 'T', 10_000);
      sh.kill('SIGCONT');
      await waitFor('running again', () => reader.state() === 'S', 10_000);
    } finally {
      sh.kill('SIGKILL');
      await waitFor('the process to end', () => sh.exitCode !== null || sh.signalCode !== null, 10_000);
    }
    // Reaped: the open descriptor answers ESRCH, never another process's state.
    await waitFor('no state', () => reader.state() === undefined, 10_000);
    reader.close();
  });
});
