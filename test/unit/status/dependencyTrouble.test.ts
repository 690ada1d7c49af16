import { strict as assert } from 'node:assert';
import type { ServiceStatus } from '../../../src/core/engine/state';
import { dependencyTrouble, detailWithTrouble } from '../../../src/core/status/dependencyTrouble';
import { serviceRowText } from '../../../src/core/editor/serviceRowText';
import { statusOf } from '../statusOf';

const st = statusOf;
const graph: Record<string, string[]> = { api: ['db', 'cache'], web: ['api'], db: ['disk'], cache: [], disk: [] };
const deps = (s: string) => graph[s] ?? [];

describe('dependencyTrouble (a running service whose dependency failed is degraded)', () => {
  it('names the failed dependency and its exit: code, signal, out of memory', () => {
    const api = st('api', 'healthy', { lastProbe: { ok: true, latencyMs: 3, at: 0, detail: 'GET /health -> 200' } });
    const db = (lastExit: ServiceStatus['lastExit']) => st('db', 'failed', { lastExit });
    assert.equal(dependencyTrouble('api', [api, db({ code: 137, signal: null, at: 0 })], deps), 'dependency db failed (exit 137)');
    assert.equal(dependencyTrouble('api', [api, db({ code: null, signal: 'SIGKILL', at: 0 })], deps), 'dependency db failed (SIGKILL)');
    assert.equal(
      dependencyTrouble('api', [api, db({ code: 137, signal: null, oomKilled: true, at: 0 })], deps),
      'dependency db failed (out of memory)',
    );
    assert.equal(dependencyTrouble('api', [api, st('db', 'exited')], deps), 'dependency db exited');
  });
  it('an unhealthy or crash-looping dependency counts; a healthy, stopped or starting one does not', () => {
    assert.equal(dependencyTrouble('api', [st('api', 'running'), st('cache', 'unhealthy')], deps), 'dependency cache unhealthy');
    assert.equal(dependencyTrouble('api', [st('api', 'running'), st('db', 'crash-looping')], deps), 'dependency db crash-looping');
    for (const ok of ['healthy', 'starting', 'stopped'] as const)
      assert.equal(dependencyTrouble('api', [st('api', 'healthy'), st('db', ok), st('cache', ok)], deps), undefined);
  });
  it('looks through dependencies of dependencies (nearest first), and survives cycles', () => {
    assert.equal(
      dependencyTrouble('web', [st('web', 'healthy'), st('api', 'healthy'), st('disk', 'failed')], deps),
      'dependency disk failed',
    );
    const cyclic = (s: string) => (s === 'a' ? ['b'] : ['a']);
    assert.equal(dependencyTrouble('a', [st('a', 'healthy'), st('b', 'healthy')], cyclic), undefined);
  });
  it('says nothing about a service that is not running itself (its own state says enough)', () => {
    assert.equal(dependencyTrouble('api', [st('api', 'stopped'), st('db', 'failed')], deps), undefined);
    assert.equal(dependencyTrouble('api', [st('api', 'failed'), st('db', 'failed')], deps), undefined);
  });
  it('is said on the tree row and after the detail, once', () => {
    const api = st('api', 'healthy', { lastProbe: { ok: true, latencyMs: 3, at: 0, detail: 'GET /health -> 200' } });
    assert.equal(
      serviceRowText('api', 'healthy', api, false, 'dependency db failed (exit 137)').description,
      'healthy · 3 ms · dependency db failed (exit 137)',
    );
    assert.equal(detailWithTrouble(api, 'dependency db failed (exit 137)'), 'GET /health -> 200 · dependency db failed (exit 137)');
    // The engine's own note of the same thing is not repeated: the probe's words come first.
    const noted = { ...api, reason: 'dependency db failed (exited with code 137)' };
    assert.equal(detailWithTrouble(noted, 'dependency db failed (exit 137)'), 'GET /health -> 200 · dependency db failed (exit 137)');
    assert.equal(
      detailWithTrouble({ ...noted, lastProbe: undefined }, 'dependency db failed (exit 137)'),
      'dependency db failed (exit 137)',
    );
    assert.equal(detailWithTrouble(api, undefined), 'GET /health -> 200');
  });
});
