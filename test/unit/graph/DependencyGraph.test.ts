import { strict as assert } from 'node:assert';
import { DependencyGraph } from '../../../src/core/graph/DependencyGraph';

describe('DependencyGraph', () => {
  it('orders dependencies before dependents', () => {
    const g = new DependencyGraph({ api: ['db', 'cache'], db: [], cache: [], web: ['api'] });
    assert.deepEqual(g.topologicalOrder(), ['db', 'cache', 'api', 'web']);
    assert.deepEqual(g.topologicalOrder(['api', 'db']), ['db', 'api']);
  });

  it('names every cycle in full', () => {
    const g = new DependencyGraph({ api: ['worker'], worker: ['api'], solo: ['solo'], ok: [] });
    assert.deepEqual(g.cycles(), [
      ['api', 'worker', 'api'],
      ['solo', 'solo'],
    ]);
    assert.throws(() => g.topologicalOrder(), /api -> worker -> api/);
  });

  it('computes closures both ways', () => {
    const g = new DependencyGraph({ a: ['b'], b: ['c'], c: [], d: ['c'] });
    assert.deepEqual([...g.closure(['a'])].sort(), ['a', 'b', 'c']);
    assert.deepEqual([...g.dependentsClosure('c')].sort(), ['a', 'b', 'd']);
  });
});
