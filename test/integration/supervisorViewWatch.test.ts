/**
 * A second reader follows the live supervisor (the window's side, without VS Code): a real
 * `stackpilot up` (dist/cli.js) supervises real processes; SupervisorViewWatch, in this process,
 * sees its states as it publishes them, a kill -9 of a service as exited within seconds, and the
 * supervisor's SIGSTOP as a stale view (and current again after SIGCONT). Own XDG_STATE_HOME;
 * reaps by markers.
 */
import * as assert from 'node:assert/strict';
import type { SupervisorView } from '../../src/infra/state/readSupervisorView';
import { SupervisorViewWatch } from '../../src/infra/state/watchSupervisorView';
import { stackLocks } from '../../src/infra/state/stackLock';
import { CliStack } from './supervisorKit';
import { SVC_ARGV, waitFor } from './testKit';

describe('a second reader follows the live supervisor (SupervisorViewWatch, dist/cli.js)', function () {
  this.timeout(120_000);
  let stack: CliStack;
  let watch: SupervisorViewWatch | undefined;

  beforeEach(() => {
    stack = new CliStack('sp-view-watch-');
    stack.write(`name: view-watch
services:
  db:
    argv: ${SVC_ARGV}
    env: { NAME: db, TICK_MS: "60000" }
    restart: { policy: "no" }
  api:
    argv: ${SVC_ARGV}
    env: { NAME: api, TICK_MS: "60000" }
`);
  });
  afterEach(async () => {
    watch?.dispose();
    await stack.cleanup({ graceful: true });
  });

  it('shows the published states, a kill -9 as exited within seconds, and a SIGSTOPped supervisor as stale', async () => {
    const views: SupervisorView[] = [];
    // Started before the supervisor: the state folder does not exist yet (the poll finds it).
    watch = new SupervisorViewWatch(stack.dir, (v) => views.push(v), stack.env, 500);
    const up = stack.start('up');
    const sup = up.child;
    const stateOf = (name: string) => watch!.current?.live?.services.find((s) => s.name === name);
    await waitFor(
      'the reader sees db and api running',
      () => stateOf('db')?.state === 'running' && stateOf('api')?.state === 'running',
      60_000,
    ).catch((e: Error) => assert.fail(`${e.message}\n${up.output()}`));
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
    stack.pause(sup.pid!);
    await waitFor('the reader says the view is stale', () => watch!.current?.freshness.stale === true, 10_000);
    assert.ok(views.length > before, 'the change was reported');
    assert.equal(watch.current?.live?.services.find((s) => s.name === 'api')?.state, 'running', 'its last view is kept');
    stack.resume(sup.pid!);
    await waitFor('current again', () => watch!.current?.freshness.stale === false, 20_000);
  });

  it('while a holder publishes nothing (a watchdog stopping what a dead supervisor left), every read is passed on: the reader looks again', async () => {
    const views: SupervisorView[] = [];
    const got = await stackLocks(stack.dir, stack.env).acquire('watchdog');
    assert.ok('lock' in got);
    try {
      watch = new SupervisorViewWatch(stack.dir, (v) => views.push(v), stack.env, 2000);
      await waitFor('the reader sees the watchdog as the holder', () => views.some((v) => v.holder?.kind === 'watchdog'), 10_000);
      // The old watch said it once and then nothing while the watchdog worked (the window showed what it saw first).
      await waitFor('the reader is told again, and again', () => views.filter((v) => v.holder?.kind === 'watchdog').length >= 3, 20_000);
      assert.ok(views.every((v) => v.live === undefined));
    } finally {
      await got.lock.release();
    }
  });
});
