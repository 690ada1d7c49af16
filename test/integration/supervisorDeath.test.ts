/**
 * Lifetimes that hold without the supervisor's cooperation (the built CLI, real processes, the real
 * Docker engine): a foreground `stackpilot up` supervising a process service (with a child of its
 * own) and a container, ended by SIGINT, SIGTERM or SIGKILL, leaves no process, no container and no
 * watchdog behind; `up --wait` hands its services over (they stay, a later `up --wait` adopts them).
 * Each test has its own XDG_STATE_HOME and project name, and reaps what it started (markers, labels).
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { readProcStatSync } from '../../src/infra/process/procStat';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { watchdogsOf } from '../e2e/watchdogs';
import { containersOf, dockerCli, IMAGE, networksOf, removeProject, requireDocker, uniqueProject } from './dockerKit';
import { freePort, killAll, SVC, tempDir, waitFor } from './testKit';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

describe('a supervising `up` that dies leaves nothing (dist/cli.js, processes and a container)', function () {
  this.timeout(180_000);
  let t: ReturnType<typeof tempDir>;
  let project: string;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];
  const stackDir = () => path.join(t.dir, 'stack');
  const stackId = () => stackIdOf(stackDir());
  const marked = async () => (await findMarkedProcesses(stackId())).map((p) => p.service).sort();

  before(function (done) {
    if (!fs.existsSync(path.join(root, 'dist', 'watchdog.js'))) return done(new Error('dist/ is missing: run `npm run build` first'));
    requireDocker(this, done);
  });
  beforeEach(async () => {
    t = tempDir('sp-death-');
    project = uniqueProject();
    fs.mkdirSync(path.join(t.dir, 'state'));
    fs.mkdirSync(stackDir());
    env = { XDG_STATE_HOME: path.join(t.dir, 'state') };
    const port = await freePort();
    const node = JSON.stringify(process.execPath);
    fs.writeFileSync(
      path.join(stackDir(), 'stackpilot.yaml'),
      `name: ${project}
services:
  api:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: api, PORT: "${port}", SPAWN_CHILD: "1" }
    health: { http: "http://127.0.0.1:${port}/health" }
    stopGracePeriod: 2s
  cache:
    image: ${IMAGE}
    command: [sleep, "600"]
    stopGracePeriod: 1s
`,
    );
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    killAll(await watchdogsOf(stackId()));
    killAll((await findMarkedProcesses(stackId())).map((p) => p.pid));
    removeProject(project);
    t.remove();
  });

  function start(...args: string[]): { child: ChildProcess; done: Promise<Run>; output: () => string } {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: stackDir(),
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    const done = new Promise<Run>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, out })));
    return { child, done, output: () => out };
  }

  async function supervising(): Promise<ReturnType<typeof start>> {
    const up = start('up');
    await waitFor('`up` to supervise', () => up.output().includes('supervising') || up.child.exitCode !== null, 90_000);
    assert.match(up.output(), /supervising/, up.output());
    assert.deepEqual(await marked(), ['api']);
    assert.equal(containersOf(project).length, 1, 'the container runs');
    assert.equal((await watchdogsOf(stackId())).length, 1, 'one watchdog guards the run');
    return up;
  }

  async function nothingLeft(what: string): Promise<void> {
    // What `down` leaves: no process, no container (running or exited), no network of the project.
    await waitFor(
      `${what}: the services to be stopped`,
      async () => (await marked()).length === 0 && containersOf(project).length === 0 && networksOf(project).length === 0,
      60_000,
    );
    await waitFor(`${what}: the watchdog to exit`, async () => (await watchdogsOf(stackId())).length === 0, 30_000);
    const lock = path.join(env.XDG_STATE_HOME!, 'stackpilot', stackId(), 'lock');
    await waitFor(`${what}: the lock to be released`, () => !fs.existsSync(lock), 10_000);
  }

  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    it(`${sig} (Ctrl-C, kill): up stops its stack itself and its watchdog exits`, async () => {
      const up = await supervising();
      up.child.kill(sig);
      const end = await up.done;
      assert.match(end.out, /stopped/, end.out);
      await nothingLeft(sig);
    });

  it('SIGINT after its output pipe closed (`up | tee`, Ctrl-C ends tee first): up still stops its stack itself', async () => {
    const up = await supervising();
    // The reader goes away: every later write of `up` meets EPIPE (it died of an unhandled one).
    up.child.stdout!.destroy();
    up.child.stderr!.destroy();
    up.child.kill('SIGINT');
    const end = await up.done;
    assert.equal(end.code, 0, `exit ${end.code} ${end.signal ?? ''}`);
    await nothingLeft('SIGINT, pipe closed');
    const log = path.join(env.XDG_STATE_HOME!, 'stackpilot', stackId(), 'watchdog.log');
    // up stopped its services itself: the watchdog had nothing to do.
    assert.doesNotMatch(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '', /without ending its run/);
  });

  it('SIGKILL: the watchdog stops the process (and its child) and the container, then exits', async () => {
    const up = await supervising();
    const [api] = await findMarkedProcesses(stackId());
    up.child.kill('SIGKILL');
    await up.done;
    await nothingLeft('SIGKILL');
    const log = fs.readFileSync(path.join(env.XDG_STATE_HOME!, 'stackpilot', stackId(), 'watchdog.log'), 'utf8');
    assert.match(log, new RegExp(`stackpilot up \\(pid ${up.child.pid}\\) (exited|is gone) without ending its run: stopping api, cache`));
    assert.match(log, /stopped api \(process groups/);
    assert.match(log, new RegExp(`stopped and removed container ${project}-cache \\(cache\\)`));
    assert.match(log, new RegExp(`removed networks ${project}_default`));
    assert.match(log, /done: nothing of the run is left/);
    // The run `report` reads ends with the watchdog's stop.
    const run = JSON.parse(fs.readFileSync(path.join(stackDir(), '.stackpilot', 'last-run.json'), 'utf8')) as { endedAt?: number };
    assert.equal(typeof run.endedAt, 'number');
    // The watchdog's stop is a Stackpilot stop: the run records are dropped, so nobody reads the
    // services as `exited (status unknown): ... not stopped by Stackpilot` afterwards.
    const records = JSON.parse(fs.readFileSync(path.join(stackDir(), '.stackpilot', 'state.json'), 'utf8')) as { records: unknown[] };
    assert.deepEqual(records.records, []);
    const status = await start('status', '--json').done;
    assert.doesNotMatch(status.out, /status unknown/, status.out);
    // ...and once the records are gone, status still says who stopped them (the run's record), not a bare `stopped`.
    const observed = JSON.parse(status.out.slice(status.out.indexOf('{'), status.out.lastIndexOf('}') + 1)) as {
      services: { name: string; state: string; reason: string | null }[];
    };
    for (const sv of observed.services) {
      assert.equal(sv.state, 'stopped', status.out);
      assert.match(sv.reason ?? '', /^stopped by the watchdog \(its supervisor died\) at \d\d:\d\d:\d\d$/, status.out);
    }
    // The api's group went as a whole (its child too).
    const apiState = readProcStatSync(api.pid!)?.state;
    assert.ok(apiState === undefined || /^[ZX]$/.test(apiState), `api (pid ${api.pid}) is gone, not ${apiState}`);
    // A new supervisor finds nothing to adopt and nothing stale in its way.
    const again = start('up', '--wait');
    assert.equal((await again.done).code, 0);
    assert.deepEqual(await marked(), ['api']);
    assert.equal((await start('down').done).code, 0);
  });

  it('a second Ctrl-C (exit at once): the watchdog finishes the stop', async () => {
    const up = await supervising();
    up.child.kill('SIGINT');
    up.child.kill('SIGINT');
    await up.done;
    await nothingLeft('two Ctrl-C');
  });

  it('`up --wait` hands over: no watchdog, the services stay and a later `up --wait` adopts them', async () => {
    const up = start('up', '--wait');
    const end = await up.done;
    assert.equal(end.code, 0, end.out);
    assert.deepEqual(await marked(), ['api']);
    const [api] = await findMarkedProcesses(stackId());
    const [container] = containersOf(project);
    assert.ok(container);
    assert.deepEqual(await watchdogsOf(stackId()), [], 'nothing will stop them behind the user');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(await marked(), ['api'], 'still running');
    const again = await start('up', '--wait').done;
    assert.equal(again.code, 0, again.out);
    const [api2] = await findMarkedProcesses(stackId());
    assert.equal(api2.pid, api.pid, 'adopted, not restarted');
    assert.deepEqual(containersOf(project), [container]);
    assert.equal((await start('down').done).code, 0);
    await nothingLeft('down');
  });

  it('SIGKILL: while the watchdog stops them, status reads stopping/stopped, never a crash or adopted', async () => {
    // A slow container stop (it ignores SIGTERM for its grace period) gives readers time to look during the stop.
    const file = path.join(stackDir(), 'stackpilot.yaml');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('stopGracePeriod: 1s', 'stopGracePeriod: 6s') +
        `  box:\n    image: ${IMAGE}\n    command: [sleep, "600"]\n    stopGracePeriod: 1s\n`,
    );
    const up = start('up');
    await waitFor('`up` to supervise', () => up.output().includes('supervising') || up.child.exitCode !== null, 90_000);
    assert.match(up.output(), /supervising/, up.output());
    // One container ended by itself before the supervisor died (kept by the engine with its code).
    dockerCli(['kill', `${project}-box`]);
    await waitFor('the supervisor to see box exit', () => /box\s+exited/.test(up.output()), 30_000);
    up.child.kill('SIGKILL');
    await up.done;
    const seen: string[] = [];
    let stopping = false;
    // Until no container of the project runs any more (`docker ps` without -a).
    while (dockerCli(['ps', '-q', '--filter', `label=dev.stackpilot.project=${project}`]).trim() !== '') {
      const st = await start('status', '--json').done;
      const v = JSON.parse(st.out.slice(st.out.indexOf('{'), st.out.lastIndexOf('}') + 1)) as {
        services: { name: string; state: string; reason: string | null; adopted?: boolean }[];
      };
      for (const sv of v.services) {
        if (sv.name === 'box') continue;
        seen.push(`${sv.name} ${sv.state} ${sv.reason ?? ''}`);
        assert.doesNotMatch(sv.reason ?? '', /status unknown|not stopped by Stackpilot|exited with code/, st.out);
        assert.notEqual(sv.adopted, true, st.out);
        if (sv.state === 'stopping') stopping = true;
      }
    }
    await nothingLeft('SIGKILL during a slow stop');
    assert.ok(seen.length > 0, 'status was read during the stop');
    assert.ok(stopping || seen.some((l) => /by the watchdog/.test(l)), seen.join('\n'));
    // (The supervisor itself removed box when it saw it exit: nothing of it is left either, see nothingLeft.)
    const after = await start('status', '--json').done;
    assert.doesNotMatch(after.out, /exited|status unknown/, after.out);
  });

  it('down after the services died says what it did: removed the exited container, found the process not running', async () => {
    const first = await start('up', '--wait').done;
    assert.equal(first.code, 0, first.out);
    const [api] = await findMarkedProcesses(stackId());
    process.kill(-api.pid, 'SIGKILL');
    dockerCli(['kill', `${project}-cache`]);
    await waitFor('api to be gone', async () => (await marked()).length === 0, 10_000);
    const down = await start('down').done;
    assert.equal(down.code, 0, down.out);
    assert.match(down.out, /api was not running \(it had ended on its own; how is unknown\)/, down.out);
    assert.match(down.out, /removed cache \(had exited with code 137\)/, down.out);
    assert.doesNotMatch(down.out, /stopped (api|cache)|stopped container/, down.out);
    assert.deepEqual(containersOf(project), []);
    assert.deepEqual(networksOf(project), []);
    const again = await start('down').done;
    assert.match(again.out, /nothing was running/, again.out);
    const named = await start('stop', 'api').done;
    assert.match(named.out, /api was not running/, named.out);
  });
});
