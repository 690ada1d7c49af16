/**
 * One supervisor per stack (the built CLI, real processes): two `up --wait` started together run
 * every service once (x20); a second `up` names the live supervisor and exits 1; `down` asks a
 * supervising `up` to stop first; `up` killed -9 at 20 points during start leaves nothing after `down`.
 * Each test has its own XDG_STATE_HOME (where the lock lives) and reaps what it started, by markers.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { killAll, SVC_ARGV, tempDir, writeSvcStack } from './testKit';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');

interface Run {
  code: number | null;
  out: string;
}

function start(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const done = new Promise<Run>((resolve) => child.once('exit', (code) => resolve({ code, out })));
  return { child, done };
}
const run = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) => start(cwd, env, ...args).done;

/** db (healthy gate) <- api, and a worker that needs db started. */
const writeStack = (dir: string) =>
  writeSvcStack(dir, {
    name: 'one-supervisor',
    dbReadyMs: 100,
    extra: `  worker:
    argv: ${SVC_ARGV}
    env: { NAME: worker }
    dependsOn: { db: started }
`,
  });

describe('one supervisor per stack (dist/cli.js, real processes)', function () {
  this.timeout(300_000);
  let t: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];

  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });
  beforeEach(async () => {
    t = tempDir('sp-one-sup-');
    fs.mkdirSync(path.join(t.dir, 'state'));
    fs.mkdirSync(path.join(t.dir, 'stack'));
    env = { XDG_STATE_HOME: path.join(t.dir, 'state') };
    await writeStack(path.join(t.dir, 'stack'));
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    await run(stackDir(), env, 'down');
    // Whatever is still marked as this stack's (a test that failed midway) is killed outright.
    killAll((await findMarkedProcesses(stackIdOf(stackDir()))).map((p) => p.pid));
    t.remove();
  });
  const stackDir = () => path.join(t.dir, 'stack');
  const marked = async () => (await findMarkedProcesses(stackIdOf(stackDir()))).map((p) => p.service).sort();

  it('two `up --wait` started together run every service once (20 times)', async function () {
    // 60 runs of the CLI, each a Node start-up of 2-3 s (and a stack start) when the cores are busy.
    this.timeout(900_000);
    for (let i = 0; i < 20; i++) {
      const [a, b] = await Promise.all([run(stackDir(), env, 'up', '--wait'), run(stackDir(), env, 'up', '--wait')]);
      assert.equal(a.code, 0, `try ${i}: ${a.out}`);
      assert.equal(b.code, 0, `try ${i}: ${b.out}`);
      assert.deepEqual(await marked(), ['api', 'db', 'worker'], `try ${i}: every service runs once\n${a.out}\n${b.out}`);
      assert.equal((await run(stackDir(), env, 'down')).code, 0);
      assert.deepEqual(await marked(), [], `try ${i}: down left something`);
    }
  });

  it('a second `up` names the live supervisor and exits 1; `up --wait` reports; `down` goes through the supervisor', async () => {
    const sup = start(stackDir(), env, 'up');
    children.push(sup.child);
    let out = '';
    sup.child.stdout!.on('data', (d) => (out += String(d)));
    const end = Date.now() + 60_000;
    while (!out.includes('supervising') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /supervising/);
    const second = await run(stackDir(), env, 'up');
    assert.equal(second.code, 1, second.out);
    assert.match(second.out, new RegExp(`one-supervisor is supervised by stackpilot up \\(pid ${sup.child.pid}\\)`));
    const waited = await run(stackDir(), env, 'up', '--wait');
    assert.equal(waited.code, 0, waited.out);
    assert.match(waited.out, /supervised by stackpilot up .*\n(.|\n)*db\s+healthy/);
    // The supervisor's view, as `status` shows it: its services are its own, not `adopted` by anyone.
    assert.doesNotMatch(waited.out, /adopted/, waited.out);
    assert.deepEqual(await marked(), ['api', 'db', 'worker'], 'nothing started twice');
    const status = await run(stackDir(), env, 'status');
    assert.match(status.out, new RegExp(`supervised by stackpilot up \\(pid ${sup.child.pid}\\)`));
    const down = await run(stackDir(), env, 'down');
    assert.equal(down.code, 0, down.out);
    assert.match(down.out, /supervised by stackpilot up \(pid \d+\): it stopped the stack/);
    const supExit = await sup.done;
    assert.notEqual(supExit.code, null, 'the supervisor exited by itself');
    assert.deepEqual(await marked(), []);
  });

  it('`up` killed -9 at 20 points during start: `down` then leaves nothing', async function () {
    this.timeout(900_000); // 40 runs of the CLI: see above
    for (let i = 0; i < 20; i++) {
      const up = start(stackDir(), env, 'up', '--wait');
      children.push(up.child);
      // 0 to ~1.5 s: before loading, mid-spawn, between spawn and record, while waiting on health, after.
      await new Promise((r) => setTimeout(r, i * 75));
      up.child.kill('SIGKILL');
      await up.done;
      const down = await run(stackDir(), env, 'down');
      assert.equal(down.code, 0, `kill after ${i * 75} ms: ${down.out}`);
      assert.deepEqual(await marked(), [], `kill after ${i * 75} ms: down left processes behind`);
    }
  });
});
