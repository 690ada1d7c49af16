import { strict as assert } from 'node:assert';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunHandle } from '../../src/core/ports';
import { readProcStat } from '../../src/infra/process/procStat';
import { logPaths, ProcessRunner } from '../../src/infra/process/ProcessRunner';
import { alive, killAll, processSpec, startContext, tempDir, waitFor } from './testKit';

describe('ProcessRunner (real processes)', () => {
  const runner = new ProcessRunner();
  let tmp: ReturnType<typeof tempDir>;
  const started: number[] = [];
  const track = (h: RunHandle) => {
    started.push(h.pid!);
    return h;
  };

  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => {
    killAll(started.splice(0));
    tmp.remove();
  });

  it('starts a service as its own process group and stops the whole group, grandchild included', async () => {
    const ctx = startContext(tmp.dir, { SPAWN_CHILD: '1' });
    const h = track(await runner.start(processSpec('grp'), ctx));
    assert.equal(h.id, `pid:${h.pid}`);
    assert.equal(h.pgid, h.pid);
    assert.equal(h.adopted, false);
    assert.match(h.startTime ?? '', /^\d+$/);
    const line = await waitFor('child pid line', () => ctx.lines.find((l) => l.text.startsWith('child ')));
    const grandchild = Number(line.text.split(' ')[1]);
    started.push(grandchild);
    assert.ok(alive(grandchild));
    const exit = await h.stop(3000);
    assert.equal(exit.code, 0);
    assert.equal(alive(h.pid!), false);
    await waitFor('grandchild gone', () => !alive(grandchild), 3000);
    assert.deepEqual(await h.exited, exit);
  });

  it('a leader killed from outside: its exit is told with the signal, and the grandchild it left in its group is stopped', async () => {
    const ctx = startContext(tmp.dir, { SPAWN_CHILD: '1' });
    const h = track(await runner.start(processSpec('crashy'), ctx));
    const line = await waitFor('child pid line', () => ctx.lines.find((l) => l.text.startsWith('child ')));
    const grandchild = Number(line.text.split(' ')[1]);
    started.push(grandchild);
    process.kill(h.pid!, 'SIGKILL');
    const exit = await h.exited;
    assert.equal(exit.signal, 'SIGKILL');
    await waitFor('grandchild gone', () => !alive(grandchild), 10_000);
  });

  it('reads the identity of a process whose name holds spaces and parentheses', async () => {
    const weird = join(tmp.dir, 'my) (odd name');
    symlinkSync('/bin/sleep', weird);
    const h = track(await runner.start(processSpec('weird', { argv: [weird, '30'] }), startContext(tmp.dir)));
    const stat = await readProcStat(h.pid!);
    assert.deepEqual([stat?.pid, stat?.pgrp, stat?.startTime], [h.pid, h.pid, h.startTime]);
    assert.ok(stat && ['S', 'R'].includes(stat.state));
    const exit = await h.stop(1000);
    assert.equal(exit.signal, 'SIGTERM');
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    const ctx = startContext(tmp.dir, { IGNORE_SIGTERM: '1', LOG: 'up' });
    const h = track(await runner.start(processSpec('stubborn'), ctx));
    await waitFor('started', () => ctx.lines.some((l) => l.text === 'up'));
    // A grace long enough for the child to be scheduled and say so on a machine whose cores are busy
    // (at 400 ms it sometimes never ran between SIGTERM and SIGKILL); the kill itself is bounded loosely:
    // how long it takes beyond the grace is the machine's load, not the runner's behaviour.
    const grace = 1500;
    const t0 = Date.now();
    const exit = await h.stop(grace);
    const took = Date.now() - t0;
    assert.equal(exit.signal, 'SIGKILL');
    assert.ok(took >= grace - 20 && took < grace + 10_000, `stop took ${took} ms`);
    assert.equal(alive(h.pid!), false);
    assert.ok(ctx.lines.some((l) => l.text === 'ignoring SIGTERM'));
  });

  it('follows stdout and stderr into log lines and log files, truncating them at each fresh start', async () => {
    const spec = processSpec('logs');
    const ctx = startContext(tmp.dir, { LOG: 'one|two', ERR_LOG: 'oops', EXIT_AFTER_MS: '50' });
    const h = track(await runner.start(spec, ctx));
    const exit = await h.exited;
    assert.equal(exit.code, 0);
    const text = (s: string) => ctx.lines.filter((l) => l.stream === s).map((l) => l.text);
    assert.deepEqual(text('stdout'), ['one', 'two']);
    assert.deepEqual(text('stderr'), ['oops']);
    assert.ok(ctx.lines.every((l) => l.service === 'logs' && l.at > 0));
    const paths = logPaths(tmp.dir, 'logs');
    assert.equal(readFileSync(paths.stdout, 'utf8'), 'one\ntwo\n');
    const again = startContext(tmp.dir, { LOG: 'three', EXIT_AFTER_MS: '20' });
    await track(await runner.start(spec, again)).exited;
    assert.equal(readFileSync(paths.stdout, 'utf8'), 'three\n');
    assert.equal(readFileSync(paths.stderr, 'utf8'), '');
  });

  it('reports a crash with its exit code', async () => {
    const h = track(await runner.start(processSpec('crash'), startContext(tmp.dir, { CRASH_AFTER_MS: '30', EXIT_CODE: '3' })));
    const exit = await h.exited;
    assert.equal(exit.code, 3);
    assert.equal(exit.signal, null);
  });

  it('resolves env: parent < envFile < envFrom < service env; values reach the child but never the logs', async () => {
    const envFile = join(tmp.dir, 'svc.env');
    writeFileSync(envFile, 'FROM_FILE=file-value\nOVERRIDE_ME=file\nSHADOWED=file\n');
    const out = join(tmp.dir, 'env.json');
    process.env.SP_TEST_PARENT = 'parent-value';
    process.env.OVERRIDE_ME = 'parent';
    try {
      const spec = processSpec('env', {
        envFiles: [envFile, join(tmp.dir, 'missing.env')],
        envFrom: { command: "printf 'SECRET_TOKEN=s3cr3t-from-envfrom\\nSHADOWED=envfrom\\n'" },
      });
      const ctx = startContext(tmp.dir, {
        ENV_OUT: out,
        ENV_KEYS: 'SP_TEST_PARENT,FROM_FILE,OVERRIDE_ME,SHADOWED,SECRET_TOKEN,OWN',
        OWN: 'own',
        SHADOWED: 'service',
        EXIT_AFTER_MS: '10',
      });
      await track(await runner.start(spec, ctx)).exited;
      assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), {
        SP_TEST_PARENT: 'parent-value',
        FROM_FILE: 'file-value',
        OVERRIDE_ME: 'file',
        SHADOWED: 'service',
        SECRET_TOKEN: 's3cr3t-from-envfrom',
        OWN: 'own',
      });
      const paths = logPaths(tmp.dir, 'env');
      const logs = readFileSync(paths.stdout, 'utf8') + readFileSync(paths.stderr, 'utf8') + ctx.lines.map((l) => l.text).join('\n');
      assert.ok(!logs.includes('s3cr3t'), 'secret leaked into logs');
    } finally {
      delete process.env.SP_TEST_PARENT;
      delete process.env.OVERRIDE_ME;
    }
  });

  it('fails the start when envFrom fails, with its first stderr line and no stdout', async () => {
    const spec = processSpec('envfail', { envFrom: { command: "echo 'TOKEN=hunter2'; echo 'not logged in' >&2; echo more >&2; exit 4" } });
    await assert.rejects(runner.start(spec, startContext(tmp.dir)), (err: Error) => {
      assert.match(err.message, /envFrom command failed \(exit 4\): not logged in$/);
      assert.ok(!err.message.includes('hunter2'));
      return true;
    });
  });

  it('rejects with a clear message for a missing command or working directory', async () => {
    await assert.rejects(
      runner.start(processSpec('nocmd', { argv: ['definitely-not-a-command-xyz', '--x'] }), startContext(tmp.dir)),
      /^Error: command not found: definitely-not-a-command-xyz \(cwd .+\)$/,
    );
    await assert.rejects(
      runner.start(processSpec('nocwd', { cwd: join(tmp.dir, 'nope') }), startContext(tmp.dir)),
      /working directory does not exist: .*nope/,
    );
  });

  it('splits `command` without a shell, and uses /bin/sh only with shell: true', async () => {
    const plain = startContext(tmp.dir);
    await track(await runner.start(processSpec('split', { argv: undefined, command: `echo "a  b" '$HOME' >x` }), plain)).exited;
    await waitFor('echo output', () => plain.lines.length > 0);
    assert.deepEqual(
      plain.lines.map((l) => l.text),
      ['a  b $HOME >x'],
    );
    const sh = startContext(tmp.dir, { WHO: 'shell' });
    await track(await runner.start(processSpec('sh', { argv: undefined, command: 'echo "$WHO" && echo two', shell: true }), sh)).exited;
    assert.deepEqual(
      sh.lines.map((l) => l.text),
      ['shell', 'two'],
    );
  });
});
