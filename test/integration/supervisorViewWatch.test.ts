/**
 * A second reader follows the live supervisor (the window's side, without VS Code): a real
 * `stackpilot up` (dist/cli.js) supervises real processes; SupervisorViewWatch, in this process,
 * sees its states as it publishes them, a kill -9 of a service as exited within seconds, and the
 * supervisor's SIGSTOP as a stale view (and current again after SIGCONT). Own XDG_STATE_HOME;
 * reaps by markers.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import type { SupervisorView } from '../../src/infra/state/readSupervisorView';
import { SupervisorViewWatch } from '../../src/infra/state/watchSupervisorView';
import { killAll, SVC, tempDir, waitFor } from './testKit';

const cli = path.resolve(__dirname, '../../dist/cli.js');

describe('a second reader follows the live supervisor (SupervisorViewWatch, dist/cli.js)', function () {
  this.timeout(120_000);
  let t: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;
  let sup: ChildProcess | undefined;
  let watch: SupervisorViewWatch | undefined;
  const stackDir = () => path.join(t.dir, 'stack');

  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });
  beforeEach(() => {
    t = tempDir('sp-view-watch-');
    fs.mkdirSync(stackDir());
    env = { ...process.env, XDG_STATE_HOME: path.join(t.dir, 'state'), NO_COLOR: '1' };
    const node = JSON.stringify(process.execPath);
    fs.writeFileSync(
      path.join(stackDir(), 'stackpilot.yaml'),
      `name: view-watch
services:
  db:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: db, TICK_MS: "60000" }
    restart: { policy: "no" }
  api:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: api, TICK_MS: "60000" }
`,
    );
  });
  afterEach(async () => {
    watch?.dispose();
    if (sup && sup.exitCode === null) {
      sup.kill('SIGCONT');
      const gone = new Promise((r) => sup!.once('exit', r));
      sup.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 20_000))]);
      if (sup.exitCode === null) sup.kill('SIGKILL');
    }
    killAll((await findMarkedProcesses(stackIdOf(stackDir()))).map((p) => p.pid));
    t.remove();
  });

  it('shows the published states, a kill -9 as exited within seconds, and a SIGSTOPped supervisor as stale', async () => {
    const views: SupervisorView[] = [];
    // Started before the supervisor: the state folder does not exist yet (the poll finds it).
    watch = new SupervisorViewWatch(stackDir(), (v) => views.push(v), env, 500);
    sup = spawn(process.execPath, [cli, 'up'], { cwd: stackDir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    sup.stdout!.on('data', (d) => (out += String(d)));
    sup.stderr!.on('data', (d) => (out += String(d)));
    const stateOf = (name: string) => watch!.current?.live?.services.find((s) => s.name === name);
    await waitFor(
      'the reader sees db and api running',
      () => stateOf('db')?.state === 'running' && stateOf('api')?.state === 'running',
      60_000,
    ).catch((e: Error) => assert.fail(`${e.message}\n${out}`));
    assert.equal(watch.current?.holder?.pid, sup.pid);
    assert.equal(watch.current?.freshness.stale, false);

    const db = stateOf('db')!.pid!;
    process.kill(db, 'SIGKILL');
    const t0 = Date.now();
    await waitFor('the reader sees db exited', () => stateOf('db')?.state === 'exited', 10_000);
    const seenMs = Date.now() - t0;
    assert.match(stateOf('db')?.reason ?? '', /SIGKILL/);
    assert.ok(
      watch.current?.live?.alerts.some((a) => a.ruleId === 'service-down' && a.service === 'db') ||
        (await waitFor('service-down for db', () => watch!.current?.live?.alerts.some((a) => a.service === 'db'), 10_000)),
    );
    console.log(`      kill -9 -> exited in the reader: ${seenMs} ms`);

    const before = views.length;
    sup.kill('SIGSTOP');
    await waitFor('the reader says the view is stale', () => watch!.current?.freshness.stale === true, 10_000);
    assert.ok(views.length > before, 'the change was reported');
    assert.equal(watch.current?.live?.services.find((s) => s.name === 'api')?.state, 'running', 'its last view is kept');
    sup.kill('SIGCONT');
    await waitFor('current again', () => watch!.current?.freshness.stale === false, 20_000);
  });
});
