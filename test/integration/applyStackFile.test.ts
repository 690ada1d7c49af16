/**
 * The stack file edited while a run goes on (real processes, RunSession, no VS Code): Start again
 * (upWithFile, what the editor's Start Stack and the channel do) restarts a service whose definition
 * changed with the new one and leaves the others alone; a Restart (restartWithFile, the tree's and
 * `stackpilot restart`'s path) uses the definition the file has now. The environment is read from
 * /proc/<pid>/environ. Reaps what it started by the stack's markers, even when an assertion fails.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadStackFromDisk } from '../../src/infra/loadStackFromDisk';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { RunSession } from '../../src/infra/session/RunSession';
import { restartWithFile, upWithFile } from '../../src/infra/session/applyStackFile';
import { CliStack } from './supervisorKit';
import { killAll, SVC, tempDir, waitFor } from './testKit';

describe('the stack file edited while it runs: Start and Restart apply it (real processes)', function () {
  this.timeout(120_000);
  let t: ReturnType<typeof tempDir>;
  let session: RunSession | undefined;
  const said: string[] = [];
  const logger = { info: (m: string) => said.push(m), warn: (m: string) => said.push(`warn ${m}`), error() {}, debug() {} };
  beforeEach(() => {
    t = tempDir('sp-apply-file-');
    said.length = 0;
  });
  afterEach(async () => {
    await session?.end({ stop: (e) => e.down(), drainMs: 0 }).catch(() => undefined);
    session = undefined;
    killAll((await findMarkedProcesses(stackIdOf(t.dir))).map((p) => p.pid));
    t.remove();
  });

  const node = JSON.stringify(process.execPath);
  const write = (life: string, extra = '') =>
    fs.writeFileSync(
      path.join(t.dir, 'stackpilot.yaml'),
      `name: apply-file
services:
  flaky:
    argv: [${node}, "-e", "setTimeout(() => process.exit(1), Number(process.env.LIFE))"]
    env: { LIFE: "${life}" }
    restart: { policy: always }
  steady:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: steady, TICK_MS: "60000" }
${extra}`,
    );
  const load = async () => {
    const loaded = await loadStackFromDisk({ root: t.dir, configPath: 'stackpilot.yaml', env: process.env });
    assert.ok(loaded.config, JSON.stringify(loaded.diagnostics));
    return { config: loaded.config, selected: loaded.selected };
  };
  const environ = (pid: number) => fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const lifeOf = (pid: number | undefined) => (pid ? environ(pid).find((e) => e.startsWith('LIFE=')) : undefined);

  it('Start again: flaky restarts with LIFE=600000 ("its definition changed"); steady keeps its pid', async () => {
    write('1500');
    const first = await load();
    session = new RunSession(first.config, { output: logger, monitor: false });
    const engine = session.live();
    const state = (n: string) => engine.status().find((s) => s.name === n);
    assert.equal((await engine.up(first.selected)).ok, true);
    const steadyPid = state('steady')?.pid;
    assert.ok(steadyPid);
    await waitFor('flaky restarted once by its policy', () => (state('flaky')?.restarts ?? 0) >= 1, 30_000);

    write('600000');
    const now = await load();
    const result = await upWithFile(engine, now.config, now.selected, logger);
    assert.equal(result.ok, true, result.failures.join('; '));
    await waitFor('flaky runs with the new LIFE', () => {
      const s = state('flaky');
      return s?.state === 'running' && lifeOf(s.pid) === 'LIFE=600000';
    });
    assert.ok(said.includes('restarting flaky: its definition changed'), said.join('\n'));
    assert.equal(state('steady')?.pid, steadyPid, 'steady left alone');
    const restartsAfter = state('flaky')!.restarts;
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(state('flaky')?.restarts, restartsAfter, 'no longer crash-looping');
    assert.equal(lifeOf(state('flaky')?.pid), 'LIFE=600000');

    // Unchanged file: Start again restarts nothing.
    const pid = state('flaky')?.pid;
    await upWithFile(engine, (await load()).config, now.selected, logger);
    assert.equal(state('flaky')?.pid, pid);
    assert.equal(state('steady')?.pid, steadyPid);

    // A service added meanwhile is not swapped in silently: it is said.
    write('600000', `  extra:\n    argv: [${node}, ${JSON.stringify(SVC)}]\n`);
    await upWithFile(engine, (await load()).config, now.selected, logger);
    assert.ok(
      said.some((m) => /^warn not applied while the stack runs: extra \(added\); Stop and Start the stack to apply$/.test(m)),
      said.join('\n'),
    );
  });

  it('Restart of a service whose definition changed uses the new one; the file with errors restarts it as it ran', async () => {
    write('600000');
    const first = await load();
    session = new RunSession(first.config, { output: logger, monitor: false });
    const engine = session.live();
    const state = (n: string) => engine.status().find((s) => s.name === n);
    assert.equal((await engine.up(first.selected)).ok, true);
    const steadyPid = state('steady')?.pid;

    write('700000');
    await restartWithFile(engine, 'flaky', (await load()).config, logger, { reason: 'requested by a test' });
    await waitFor(
      'flaky runs with LIFE=700000',
      () => state('flaky')?.state === 'running' && lifeOf(state('flaky')?.pid) === 'LIFE=700000',
    );
    assert.ok(said.includes('restarting flaky: its definition changed'), said.join('\n'));
    assert.equal(state('steady')?.pid, steadyPid, 'a Restart of flaky applies nothing of steady');

    await restartWithFile(engine, 'flaky', undefined, logger);
    await waitFor('flaky runs again', () => state('flaky')?.state === 'running');
    assert.equal(lifeOf(state('flaky')?.pid), 'LIFE=700000');
    assert.ok(said.some((m) => m.startsWith('warn the stack file cannot be read now: restarting flaky with its definition as it ran')));
  });

  it('`stackpilot restart` beside a foreground `stackpilot up` (dist/cli.js): the supervisor restarts it as the file has it now', async function () {
    const s = new CliStack('sp-apply-cli-');
    try {
      const yaml = (life: string) => `name: apply-cli
services:
  flaky:
    argv: [${node}, "-e", "setTimeout(() => process.exit(1), Number(process.env.LIFE))"]
    env: { LIFE: "${life}" }
    restart: { policy: always }
  steady:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: steady, TICK_MS: "60000" }
`;
      s.write(yaml('600000'));
      const up = await s.supervise();
      const pids = async (n: string) => (await s.marked())[n] ?? [];
      await waitFor('both run', async () => (await pids('flaky')).length === 1 && (await pids('steady')).length === 1);
      const [steady] = await pids('steady');
      s.write(yaml('700000'));
      const r = await s.run('restart', 'flaky');
      assert.equal(r.code, 0, r.out);
      await waitFor('flaky runs with LIFE=700000', async () => {
        const [pid] = await pids('flaky');
        return pid !== undefined && lifeOf(pid) === 'LIFE=700000';
      });
      assert.match(up.output(), /restarting flaky: its definition changed/);
      assert.deepEqual(await pids('steady'), [steady], 'steady left alone');
    } finally {
      await s.cleanup();
    }
  });
});
