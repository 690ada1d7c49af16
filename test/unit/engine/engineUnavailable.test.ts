import { strict as assert } from 'node:assert';
import type { ServiceSpec } from '../../../src/core/config/model';
import type { RunHandle, StartContext } from '../../../src/core/ports';
import { FakeRunner, stack, svc, until, world } from './fakes';

/** A runner whose engine can be away (a stopped Docker daemon): starts fail with engineUnavailable meanwhile. */
class AwayRunner extends FakeRunner {
  away = true;
  waiters = 0;
  private back: (() => void)[] = [];

  override async start(spec: ServiceSpec, ctx: StartContext): Promise<RunHandle> {
    if (this.away) throw Object.assign(new Error('the Docker daemon is not running'), { engineUnavailable: true });
    return super.start(spec, ctx);
  }

  whenAvailable(signal: AbortSignal): Promise<void> {
    this.waiters++;
    return new Promise((resolve, reject) => {
      this.back.push(resolve);
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  }

  comeBack(): void {
    this.away = false;
    for (const r of this.back.splice(0)) r();
  }
}

describe('StackEngine: an engine that is away is a state, and the service resumes when it is back', () => {
  it('fails with the reason, then starts by itself once the runner says the engine answers', async () => {
    const w = world();
    const runner = new AwayRunner();
    w.deps.runners.process = runner;
    const engine = w.engine(stack(svc('db')));
    const r = await engine.up(['db']);
    assert.equal(r.ok, false);
    assert.equal(engine.status()[0].state, 'failed');
    assert.match(engine.status()[0].reason ?? '', /daemon is not running \(started once the engine answers again, while supervising\)/);
    runner.comeBack();
    await until(() => engine.status()[0].state === 'running');
    assert.deepEqual(runner.started, ['db']);
  });

  it('a stop while waiting cancels the resume', async () => {
    const w = world();
    const runner = new AwayRunner();
    w.deps.runners.process = runner;
    const engine = w.engine(stack(svc('db')));
    await engine.up(['db']);
    await engine.down();
    runner.comeBack();
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(engine.status()[0].state, 'stopped');
    assert.deepEqual(runner.started, []);
  });

  it('other failures do not wait for anything', async () => {
    const w = world();
    const runner = new AwayRunner();
    runner.start = () => Promise.reject(new Error('container did not start: exec: "x": executable file not found'));
    w.deps.runners.process = runner;
    const engine = w.engine(stack(svc('db')));
    await engine.up(['db']);
    assert.equal(runner.waiters, 0);
    assert.doesNotMatch(engine.status()[0].reason ?? '', /started once the engine answers again/);
  });
});
