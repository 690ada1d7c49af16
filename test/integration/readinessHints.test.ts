import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SocketSeer, watchSockets } from '../../src/infra/process/watchSockets';
import { tempDir } from './testKit';

/**
 * A real process tree (a shell whose child is a Node server) that opens its listening socket only
 * when the test creates a file: the hint must not come before, and must come after, from the
 * grandchild's socket.
 */
function serverOnCue(cue: string): ChildProcess {
  const js = `const fs=require('fs');const t=setInterval(()=>{if(fs.existsSync(${JSON.stringify(cue)})){clearInterval(t);require('net').createServer().listen(0,'127.0.0.1',()=>console.log('listening'))}},5)`;
  // `; true` keeps the shell as the parent (no exec of the last command): the socket is a descendant's.
  return spawn('/bin/sh', ['-c', `${JSON.stringify(process.execPath)} -e ${JSON.stringify(js)}; true`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('readiness hints from /proc (watchSockets)', function () {
  let child: ChildProcess | undefined;
  const tmp = tempDir('sp-hints-');
  afterEach(() => {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    child = undefined;
  });
  after(() => tmp.remove());

  it('hints once a descendant of the service opens a socket, not before', async () => {
    const cue = join(tmp.dir, 'cue-1');
    child = serverOnCue(cue);
    let hints = 0;
    const w = watchSockets(child.pid!, () => hints++);
    try {
      // Give the tree time to come up (node boots) and be looked at many times: no socket, no hint.
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      await sleep(500);
      assert.equal(hints, 0, 'no hint while the tree holds no socket');
      writeFileSync(cue, '');
      const end = Date.now() + 10_000;
      while (hints === 0 && Date.now() < end) await sleep(5);
      assert.equal(hints, 1, 'one hint for the new listening socket');
      while (!out.includes('listening') && Date.now() < end) await sleep(5);
      await sleep(100);
      assert.equal(hints, 1, 'the same socket is not hinted again');
    } finally {
      w.dispose();
    }
  });

  it('a SocketSeer of a process that is gone sees nothing and does not throw', () => {
    const seer = new SocketSeer(2 ** 22 + 12345);
    assert.equal(seer.look(), false);
  });

  it('disposed, it stops looking', async () => {
    const cue = join(tmp.dir, 'cue-2');
    child = serverOnCue(cue);
    let hints = 0;
    const w = watchSockets(child.pid!, () => hints++);
    w.dispose();
    writeFileSync(cue, '');
    const end = Date.now() + 10_000;
    while (!existsSync(cue) && Date.now() < end) await sleep(5);
    await sleep(300);
    assert.equal(hints, 0);
  });
});
