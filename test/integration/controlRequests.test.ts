/**
 * `down`, `stop` and `restart` from a second process while a foreground `stackpilot up` supervises
 * (the built CLI, real processes): the supervisor does the stopping itself, over its control channel,
 * so nothing is restarted behind the caller's back and nothing reads `completed`. Also after the
 * supervisor adopted what an earlier run left, with a supervisor that is paused (does not answer:
 * nothing done) and one killed -9 (its lock is stale: the caller acts itself). Each test has its own
 * XDG_STATE_HOME and reaps what it started, by markers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { liveProcesses } from '../../src/infra/process/procStat';
import { CliStack, fiveServices } from './supervisorKit';
import { freePort, slowStartStack, SVC, waitFor } from './testKit';

const ALL = ['api', 'cron', 'db', 'web', 'worker'];
const cmdline = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('requests to the live supervisor (dist/cli.js, real processes)', function () {
  this.timeout(300_000);
  let s: CliStack;

  beforeEach(async () => {
    s = new CliStack();
    s.write(await fiveServices());
  });
  afterEach(async () => {
    await s.cleanup();
  });

  /** `down` from a second process while `status --json` is sampled: nothing left, never `completed`, up exits 0 saying why. */
  async function downFromSecondProcess(up: ReturnType<CliStack['start']>): Promise<void> {
    let sampling = true;
    const seen = new Set<string>();
    const sampler = (async () => {
      while (sampling) {
        const j = await s.statusJson().catch(() => undefined);
        for (const svc of j?.services ?? []) seen.add(svc.state);
      }
    })();
    const down = await s.run('down');
    sampling = false;
    await sampler;
    assert.equal(down.code, 0, down.out);
    assert.match(down.out, /supervised by stackpilot up \(pid \d+\): it stopped the stack/);
    const exit = await up.done;
    assert.equal(exit.code, 0, exit.out);
    assert.match(exit.out, /stopped by stackpilot down \(pid \d+\)/);
    assert.doesNotMatch(exit.out, /completed/, 'a requested stop is never `completed`');
    const asked = exit.out.indexOf('asked to stop the stack');
    assert.ok(asked >= 0, exit.out);
    assert.doesNotMatch(exit.out.slice(asked), /restarting in/, 'nothing was restarted after down');
    assert.ok(!seen.has('completed'), `status never said completed (saw ${[...seen].join(', ')})`);
    // Restart policies had their backoff time: still nothing.
    await sleep(1500);
    assert.deepEqual(await s.marked(), {}, 'nothing is left running');
    const after = await s.statusJson();
    assert.equal(after.source, 'observed');
    assert.deepEqual(
      after.services.map((x) => x.state),
      ALL.map(() => 'stopped'),
    );
  }

  it('down during a foreground up (5 services, restart policies incl. always): the supervisor stops all and exits 0', async () => {
    const up = await s.supervise();
    assert.deepEqual(Object.keys(await s.marked()).sort(), ALL);
    await downFromSecondProcess(up);
  });

  it('the same after a supervisor restart: a new up adopted the services, down through it leaves nothing', async () => {
    const first = await s.run('up', '--wait');
    assert.equal(first.code, 0, first.out);
    const before = await s.marked();
    const up = await s.supervise();
    assert.match(up.output(), /adopted/);
    assert.deepEqual(await s.marked(), before, 'adopted, not restarted');
    await downFromSecondProcess(up);
  });

  it('after kill -9 of the supervisor and its watchdog: a new up adopts all five, restarts an adopted one killed (status unknown), and down through it leaves nothing', async () => {
    const first = await s.supervise();
    const watchdog = (await liveProcesses())?.find((p) => p.ppid === first.child.pid && /^stackpilot-watchdog/.test(cmdline(p.pid)));
    assert.ok(watchdog, 'the supervisor has its watchdog');
    process.kill(watchdog.pid, 'SIGKILL'); // first, or it would stop the services once the supervisor dies
    first.child.kill('SIGKILL');
    await first.done;
    const before = await s.marked();
    assert.deepEqual(Object.keys(before).sort(), ALL, 'the five outlive both');
    const up = await s.supervise();
    assert.match(up.output(), /adopted/);
    assert.deepEqual(await s.marked(), before, 'adopted, not restarted');
    // Not its child: how it ended is unknown, and its `unless-stopped` policy starts it again.
    process.kill(before.cron[0], 'SIGKILL');
    await waitFor(
      'cron restarted',
      async () => {
        const cron = (await s.statusJson()).services.find((x) => x.name === 'cron');
        return cron?.restarts === 1 && cron.state === 'running';
      },
      60_000,
    );
    assert.match(up.output(), /cron +waiting exited \(status unknown\); restarting in/);
    await downFromSecondProcess(up);
  });

  it('down while services are paused (SIGSTOP): they get their SIGTERM and shut down, not a SIGKILL after their grace period', async () => {
    const up = await s.supervise();
    const marked = await s.marked();
    for (const name of ['api', 'worker']) {
      s.pauseTracked(marked[name][0]);
      process.kill(marked[name][0], 'SIGSTOP');
    }
    await waitFor(
      'both paused',
      async () => {
        const j = await s.statusJson();
        return ['api', 'worker'].every((n) => j.services.find((x) => x.name === n)?.reason === 'paused (SIGSTOP)');
      },
      60_000,
    );
    const down = await s.run('down');
    assert.equal(down.code, 0, down.out);
    assert.equal((await up.done).code, 0);
    assert.deepEqual(await s.marked(), {}, 'nothing is left running');
    // svc.js prints `bye` when SIGTERM reaches it: a stopped process gets it only once it runs again.
    for (const name of ['api', 'worker'])
      assert.match(
        fs.readFileSync(path.join(s.dir, '.stackpilot', 'logs', `${name}.out.log`), 'utf8'),
        /^bye$/m,
        `${name} shut down on SIGTERM`,
      );
  });

  it('down while a foreground up still waits on a slow service: up exits 0 naming who cut its start short, with no start error', async () => {
    s.write(slowStartStack('slow-start'));
    const up = s.start('up');
    await waitFor('slow is starting', () => /slow +starting/.test(up.output()), 90_000);
    const down = await s.run('down');
    assert.equal(down.code, 0, down.out);
    const exit = await up.done;
    assert.equal(exit.code, 0, exit.out);
    assert.match(exit.out, /slow-start: stopped by stackpilot down \(pid \d+\) before it was up, after/);
    assert.match(exit.out, /dep +stopped by stackpilot down \(pid \d+\) before it was up/);
    assert.doesNotMatch(exit.out, /up aborted|not fully up/, `no start failure printed:\n${exit.out}`);
    assert.deepEqual(await s.marked(), {}, 'nothing is left running');
  });

  /** `slow` answers on its port until the flag file exists; a restart after that never becomes healthy (10 min start period). */
  async function restartNeverHealthy(): Promise<{ up: Awaited<ReturnType<CliStack['supervise']>>; flag: string }> {
    const flag = path.join(s.t.dir, 'no-port');
    const port = await freePort();
    s.write(`name: restart-cut
services:
  slow:
    argv: [sh, -c, 'if [ -e "$$FLAG" ]; then unset PORT; fi; exec "$$NODE" "$$SVC"']
    env: { NAME: slow, PORT: "${port}", TICK_MS: "60000", FLAG: ${JSON.stringify(flag)}, NODE: ${JSON.stringify(process.execPath)}, SVC: ${JSON.stringify(SVC)} }
    health: { tcp: "127.0.0.1:${port}", interval: 300ms, startPeriod: 600s }
  other:
    argv: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SVC)}]
    env: { NAME: other, TICK_MS: "60000" }
`);
    const up = await s.supervise();
    fs.writeFileSync(flag, '');
    return { up, flag };
  }

  /** `restart slow` from a second process, once the supervisor shows it restarting (its new instance started, not yet healthy). */
  async function restartUnderWay(): Promise<ReturnType<CliStack['start']>> {
    const restart = s.start('restart', 'slow');
    await waitFor(
      'slow restarting',
      async () => {
        const j = await s.statusJson();
        const slow = j.services.find((x) => x.name === 'slow');
        return slow?.state === 'starting' && /restarting/.test(slow.reason ?? '');
      },
      60_000,
    );
    return restart;
  }

  const within = <T>(what: string, p: Promise<T>, ms = 120_000): Promise<T> =>
    Promise.race([p, sleep(ms).then(() => Promise.reject(new Error(`${what}: not done in ${ms / 1000} s`)))]);

  it('down while a restart waits for a slow service: the restart is cut short, down is not held back behind it, nothing starts after', async () => {
    const { up } = await restartNeverHealthy();
    const restart = await restartUnderWay();
    const down = await within('down', s.run('down'));
    assert.equal(down.code, 0, down.out);
    const r = await within('restart', restart.done);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /cut short the restart of slow: down requested by stackpilot down \(pid \d+\) came meanwhile/);
    assert.equal((await within('up', up.done)).code, 0);
    await sleep(1000);
    assert.deepEqual(await s.marked(), {}, 'nothing is left running');
  });

  it('stop of a service whose restart waits for health: cut short, stopped, not started again; the rest untouched', async () => {
    const { up } = await restartNeverHealthy();
    const other = (await s.marked()).other;
    const restart = await restartUnderWay();
    const stop = await within('stop', s.run('stop', 'slow'));
    assert.equal(stop.code, 0, stop.out);
    const r = await within('restart', restart.done);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /cut short the restart of slow: stop slow requested by stackpilot stop/);
    await sleep(1500);
    const after = await s.marked();
    assert.equal(after.slow, undefined, 'slow stays stopped');
    assert.deepEqual(after.other, other, 'other untouched');
    const j = await s.statusJson();
    assert.equal(j.services.find((x) => x.name === 'slow')?.state, 'stopped');
    assert.equal(up.child.exitCode, null, 'the supervisor keeps supervising');
  });

  it('stop api from a second process: api stopped and not restarted, the others untouched; restart api brings it back', async () => {
    const up = await s.supervise();
    const before = await s.marked();
    const stop = await s.run('stop', 'api');
    assert.equal(stop.code, 0, stop.out);
    assert.match(stop.out, /it stopped api and keeps supervising the rest/);
    await sleep(2000); // longer than any restart backoff
    const after = await s.marked();
    assert.equal(after.api, undefined, 'api is not running (not restarted by its `always` policy)');
    for (const name of ALL.filter((n) => n !== 'api')) assert.deepEqual(after[name], before[name], `${name} untouched`);
    const j = await s.statusJson();
    assert.equal(j.source, 'supervisor');
    assert.equal(j.services.find((x) => x.name === 'api')?.state, 'stopped');
    const afterStop = up.output().slice(up.output().indexOf('stop of api requested'));
    assert.doesNotMatch(afterStop, /api\s+(completed|waiting|starting)/, 'after the stop, api is neither completed nor restarted');

    const restart = await s.run('restart', 'api');
    assert.equal(restart.code, 0, restart.out);
    assert.match(restart.out, /api: healthy/);
    const again = await s.marked();
    assert.equal(again.api?.length, 1);
    for (const name of ALL.filter((n) => n !== 'api')) assert.deepEqual(again[name], before[name], `${name} untouched by the restart`);
    assert.equal(up.child.exitCode, null, 'the supervisor keeps supervising');
  });

  it('a paused supervisor does not answer: down and stop do nothing and say so, also once it resumes; resumed, down goes through it', async () => {
    const up = await s.supervise();
    const before = await s.marked();
    s.pause(up.child.pid!);
    const t0 = Date.now();
    const down = await s.run('down');
    assert.equal(down.code, 1, down.out);
    assert.match(down.out, /does not answer .*nothing was done/);
    assert.ok(Date.now() - t0 < 30_000, 'bounded');
    const stop = await s.run('stop', 'api');
    assert.equal(stop.code, 1, stop.out);
    assert.match(stop.out, /does not answer .*nothing was done/);
    assert.deepEqual(await s.marked(), before, 'nothing was stopped by anyone else');
    s.resume(up.child.pid!);
    // Resumed, it finds both requests in its socket, after their senders said nothing was done: it
    // must not act on them. A request sent now is taken after those two (in order, one at a time).
    const cron = await s.run('stop', 'cron');
    assert.equal(cron.code, 0, cron.out);
    const { cron: _gone, ...others } = before;
    assert.deepEqual(await s.marked(), others, 'only cron was stopped: the late down and stop api were not done');
    assert.equal(up.child.exitCode, null, 'the supervisor still runs');
    assert.match(up.output(), /came after its sender had stopped waiting/);
    const again = await s.run('down');
    assert.equal(again.code, 0, again.out);
    assert.equal((await up.done).code, 0);
    assert.deepEqual(await s.marked(), {});
  });

  it('a supervisor killed -9: its lock is stale, down stops everything itself', async () => {
    const up = await s.supervise();
    up.child.kill('SIGKILL');
    await up.done;
    const down = await s.run('down');
    assert.equal(down.code, 0, down.out);
    // The dead supervisor's watchdog races down for the lock: whichever stops the services, the other
    // finds nothing running (the watchdog drops the records of what it stopped), and nothing is left.
    assert.match(down.out, /stopped (\w+, ){4}\w+|nothing was running/);
    await waitFor('nothing left', async () => Object.keys(await s.marked()).length === 0, 10_000);
  });

  it('stop and restart name unknown services as errors, and touch nothing', async () => {
    await s.supervise();
    const before = await s.marked();
    const bad = await s.run('stop', 'nope');
    assert.equal(bad.code, 1);
    assert.match(bad.out, /no service named nope/);
    const usage = await s.run('restart');
    assert.equal(usage.code, 2);
    assert.deepEqual(await s.marked(), before);
  });
});
