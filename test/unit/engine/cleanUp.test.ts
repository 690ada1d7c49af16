import { strict as assert } from 'node:assert';
import type { ServiceSpec } from '../../../src/core/config/model';
import { stack, svc, world } from './fakes';

describe('StackEngine.down: runner clean-up (project networks)', () => {
  const setUp = (cleanUp: (specs: readonly ServiceSpec[]) => Promise<string[]>) => {
    const w = world();
    const calls: string[][] = [];
    Object.assign(w.runner, {
      cleanUp: (specs: readonly ServiceSpec[]) => {
        calls.push(specs.map((s) => s.name));
        return cleanUp(specs);
      },
    });
    return { w, calls, engine: w.engine(stack(svc('db'), svc('api'))) };
  };

  it('a full down asks the runner once, with its services, after they stopped; the notes go to onNote', async () => {
    const { w, calls, engine } = setUp(() => Promise.resolve([`removed networks t_default (${w.runner.stopped.length} stopped first)`]));
    await engine.up(['db', 'api']);
    const notes: string[] = [];
    await engine.down(undefined, { onNote: (n) => notes.push(n) });
    assert.deepEqual(calls, [['db', 'api']]);
    assert.deepEqual(notes, ['removed networks t_default (2 stopped first)']);
  });

  it('down of some services removes nothing; a failing clean-up is a note, not an error', async () => {
    const { calls, engine } = setUp(() => Promise.reject(new Error('engine gone')));
    await engine.up(['db', 'api']);
    await engine.down(['api']);
    assert.deepEqual(calls, []);
    const notes: string[] = [];
    await engine.down(undefined, { onNote: (n) => notes.push(n) });
    assert.deepEqual(notes, ['could not clean up after process services: engine gone']);
  });
});
