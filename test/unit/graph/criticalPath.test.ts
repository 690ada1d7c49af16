import * as assert from 'node:assert/strict';
import { planStart } from '../../../src/core/graph/criticalPath';

describe('planStart', () => {
  const deps: Record<string, string[]> = { db: [], cache: [], migrate: ['db'], api: ['db', 'cache', 'migrate'], worker: ['api'] };
  const order = ['db', 'cache', 'migrate', 'api', 'worker'];

  it('finds the longest chain of expected durations', () => {
    const plan = planStart(order, (s) => deps[s], { db: 400, cache: 900, migrate: 200, api: 300, worker: 50 });
    assert.deepEqual(plan.criticalPath, ['cache', 'api', 'worker']);
    assert.equal(plan.criticalPathMs, 1250);
    assert.equal(plan.steps.find((s) => s.service === 'api')!.readyAtMs, 1200);
  });

  it('counts unknown durations as zero and still orders the chain by dependencies', () => {
    const plan = planStart(order, (s) => deps[s], { db: 500 });
    assert.deepEqual(plan.criticalPath, ['db', 'migrate', 'api', 'worker']);
    assert.equal(plan.criticalPathMs, 500);
    assert.equal(plan.steps[0].expectedMs, 500);
    assert.equal(plan.steps[1].expectedMs, undefined);
  });

  it('ignores dependencies outside the selection', () => {
    const plan = planStart(['api'], (s) => deps[s], { api: 10 });
    assert.deepEqual(plan.steps[0].dependsOn, []);
    assert.deepEqual(plan.criticalPath, ['api']);
  });

  it('handles an empty selection', () => {
    assert.deepEqual(
      planStart([], () => [], {}),
      { steps: [], criticalPath: [], criticalPathMs: 0 },
    );
  });
});
