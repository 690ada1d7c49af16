/**
 * A run taken over keeps what the earlier run knew, and `stackpilot status` names the supervisor's
 * run (the built CLI, real processes). `up --wait --profile all` leaves a completed job (migrate),
 * a service that exited with code 3 (flaky) and an api that needs `migrate: completed`; a second
 * supervisor resumes only what runs, as a reopened window does (a RunSession holding the stack's
 * lock, publishing its view, engine.up of the adopted services): status still says migrate
 * completed, flaky exited with code 3, api healthy with no dependency trouble, and profile all.
 * Own XDG_STATE_HOME; reaps by markers, also when an assertion fails.
 */
import * as assert from 'node:assert/strict';
import { loadStackFromDisk } from '../../src/infra/loadStackFromDisk';
import { RunSession } from '../../src/infra/session/RunSession';
import { liveStatusFile } from '../../src/infra/state/liveStatusFile';
import { stackLocks } from '../../src/infra/state/stackLock';
import { CliStack } from './supervisorKit';
import { freePort, SVC_ARGV, waitFor } from './testKit';

const silent = { info() {}, warn() {}, error() {}, debug() {} };

interface StatusJson {
  profile: string | null;
  selected: string[];
  source: string;
  services: { name: string; state: string; reason: string | null; exitCode: number | null; degraded: string | null; adopted: boolean }[];
}

describe('resumed run: ended services keep their end; status names the supervisor’s profile (dist/cli.js)', function () {
  this.timeout(180_000);
  let stack: CliStack;
  let session: RunSession | undefined;

  beforeEach(async () => {
    stack = new CliStack('sp-resume-ended-');
    const port = await freePort();
    stack.write(`name: resume-ended
profiles: { core: [api], all: ["*"] }
defaultProfile: core
services:
  migrate:
    argv: ${SVC_ARGV}
    env: { NAME: migrate, EXIT_AFTER_MS: "100" }
    restart: { policy: "no" }
  api:
    argv: ${SVC_ARGV}
    env: { NAME: api, PORT: "${port}" }
    health: { tcp: "127.0.0.1:${port}", interval: 1s, timeout: 2s, retries: 3 }
    dependsOn: { migrate: completed }
  flaky:
    argv: ${SVC_ARGV}
    env: { NAME: flaky, CRASH_AFTER_MS: "200", EXIT_CODE: "3" }
    restart: { policy: "no" }
`);
  });
  afterEach(async () => {
    await session?.end({ handOver: true, drainMs: 0 }).catch(() => undefined);
    session = undefined;
    await stack.cleanup({ graceful: true });
  });

  const status = async () => JSON.parse((await stack.run('status', '--json')).stdout) as StatusJson;
  const svc = (j: StatusJson, n: string) => j.services.find((s) => s.name === n)!;

  it('status of a foreground `up --profile all` says profile all, not the stack’s default (core)', async () => {
    const up = await stack.supervise('--profile', 'all');
    const j = await waitFor('the supervisor publishes', async () => ((await status()).source === 'supervisor' ? status() : false), 30_000);
    assert.equal(j.profile, 'all', up.output());
    assert.deepEqual([...j.selected].sort(), ['api', 'flaky', 'migrate']);
    const text = (await stack.run('status')).stdout;
    assert.match(text, /resume-ended · profile all · supervised by stackpilot up/);
  });

  it('a second supervisor resuming what runs keeps migrate completed and flaky exited with code 3; api has no dependency trouble', async () => {
    const wait = await stack.run('up', '--wait', '--profile', 'all');
    assert.equal(wait.code, 1, `flaky exited with code 3:\n${wait.out}`);
    const before = await status();
    assert.equal(before.source, 'observed');
    assert.equal(svc(before, 'migrate').state, 'completed', JSON.stringify(before));
    assert.equal(svc(before, 'flaky').state, 'exited');
    assert.equal(svc(before, 'flaky').exitCode, 3);

    // As a reopened window resumes: the lock, the live view, the run record, then up() of what runs only.
    const loaded = await loadStackFromDisk({ root: stack.dir, configPath: 'stackpilot.yaml', env: stack.env });
    assert.ok(loaded.config);
    const got = await stackLocks(stack.dir, stack.env).acquire('window');
    assert.ok('lock' in got, 'the stack is free');
    session = new RunSession(loaded.config, { output: silent, monitor: false });
    session.holdLock(got.lock);
    session.publish(liveStatusFile(stack.dir, stack.env), (m) => assert.fail(m));
    session.recordRun(session.runDir, { profile: loaded.profile ?? null, selected: loaded.selected }, () => undefined);
    const resumed = await session.live().up(['api']);
    assert.equal(resumed.ok, true, resumed.failures.join('; '));

    const mine = new Map(session.engine.status().map((s) => [s.name, s]));
    assert.equal(mine.get('migrate')?.state, 'completed', 'the engine keeps the completed job');
    assert.equal(mine.get('flaky')?.state, 'exited');
    assert.equal(mine.get('flaky')?.lastExit?.code, 3);
    assert.equal(mine.get('api')?.adopted, true, 'api was adopted, not restarted');
    assert.doesNotMatch(mine.get('api')?.reason ?? '', /dependency/);

    const after = await waitFor('status reads the resumed supervisor', async () => {
      const j = await status();
      return j.source === 'supervisor' && j;
    });
    assert.equal(svc(after, 'migrate').state, 'completed', JSON.stringify(after.services));
    assert.equal(svc(after, 'flaky').state, 'exited');
    assert.equal(svc(after, 'flaky').exitCode, 3);
    assert.match(svc(after, 'flaky').reason ?? '', /exited with code 3/);
    assert.equal(svc(after, 'api').state, 'healthy');
    assert.equal(svc(after, 'api').degraded, null, 'migrate completed satisfies api');
    assert.doesNotMatch(svc(after, 'api').reason ?? '', /dependency/);
    // The published view is the engine's, state for state.
    for (const s of after.services) assert.equal(s.state, mine.get(s.name)?.state, s.name);
    const text = (await stack.run('status')).stdout;
    assert.match(text, /migrate\s+completed/);
    assert.match(text, /flaky\s+exited/);
    assert.doesNotMatch(text, /dependency migrate/);
  });
});
