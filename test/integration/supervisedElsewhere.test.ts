import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { supervisedElsewhere } from '../../src/infra/state/supervisedElsewhere';

/** Real processes: a service whose supervisor lives is left to it; an orphan is free to adopt. */
describe('supervisedElsewhere (a reopened window adopts only unsupervised services)', () => {
  const started: number[] = [];
  after(() => {
    for (const pid of started) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });

  it('names the live parent of a process that still has one', async () => {
    // sh stands in for a `stackpilot up` in a terminal: it waits on its child.
    const sh = spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
    started.push(sh.pid!);
    const child = Number(await new Promise<string>((resolve) => sh.stdout.once('data', (d) => resolve(String(d)))));
    started.push(child);
    assert.equal(await supervisedElsewhere(child), `sh (pid ${sh.pid})`);
  });

  it('is undefined for an orphan (handed to init) and for a process that is gone', async () => {
    const orphan = Number(execFileSync('sh', ['-c', 'sleep 30 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' }));
    started.push(orphan);
    assert.equal(await supervisedElsewhere(orphan), undefined);
    assert.equal(await supervisedElsewhere(2 ** 22 + 1), undefined);
  });

  it('is undefined for our own children (this process is the supervisor)', async () => {
    const own = spawn('sleep', ['30'], { stdio: 'ignore' });
    started.push(own.pid!);
    assert.equal(await supervisedElsewhere(own.pid!), undefined);
  });
});
