import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceState } from '../../../src/core/engine/state';
import { SERVICE_STATES, STATE_PREDICATES } from '../../../src/shared/statePredicates';
import { STATE_TABLE } from '../../../src/shared/stateTable';

type PredicateName = keyof typeof STATE_PREDICATES;

// The answer of every predicate for every state, written out by hand. A state added to the table
// (or a predicate added to STATE_PREDICATES) fails the first test until it is decided here.
const Y = true;
const n = false;
// prettier-ignore
const EXPECTED: Record<string, Record<PredicateName, boolean>> = {
  //               isUp isLive isFailing isTransient isOff isComingUp isDown isEnded isDead isAtRest isStarted settled(hc) settled(no hc)
  stopped:         row(n, n, n, n, Y, n, n, Y, n, Y, n, n, n),
  waiting:         row(n, n, n, Y, n, Y, Y, n, n, n, n, n, n),
  starting:        row(n, Y, n, Y, n, Y, Y, n, n, n, n, n, n),
  running:         row(Y, Y, n, n, n, n, n, n, n, n, Y, n, Y),
  healthy:         row(Y, Y, n, n, n, n, n, n, n, n, Y, Y, Y),
  unhealthy:       row(n, Y, Y, n, n, n, Y, n, n, n, Y, Y, Y),
  completed:       row(Y, n, n, n, n, n, n, Y, n, Y, Y, Y, Y),
  exited:          row(n, n, Y, n, n, n, Y, Y, Y, n, n, Y, Y),
  failed:          row(n, n, Y, n, n, n, Y, Y, Y, n, n, Y, Y),
  'crash-looping': row(n, n, Y, n, n, n, Y, Y, Y, n, n, Y, Y),
  stopping:        row(n, n, n, Y, Y, n, n, n, n, n, n, n, n),
};

function row(...v: boolean[]): Record<PredicateName, boolean> {
  const names: PredicateName[] = [
    'isUp',
    'isLive',
    'isFailing',
    'isTransient',
    'isOff',
    'isComingUp',
    'isDown',
    'isEnded',
    'isDead',
    'isAtRest',
    'isStarted',
    'isSettledWithHealthCheck',
    'isSettledWithoutHealthCheck',
  ];
  assert.equal(v.length, names.length, 'a row of EXPECTED has a value for each predicate');
  return Object.fromEntries(names.map((name, i) => [name, v[i]])) as Record<PredicateName, boolean>;
}

describe('the state predicates (one vocabulary, read from the state table)', () => {
  it('decide every state of the table, as written out in this test', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...SERVICE_STATES].sort(), 'EXPECTED lists exactly the states of STATE_TABLE');
    for (const state of SERVICE_STATES) {
      assert.deepEqual(
        Object.keys(EXPECTED[state]).sort(),
        Object.keys(STATE_PREDICATES).sort(),
        `every predicate is decided for ${state}`,
      );
      for (const [name, predicate] of Object.entries(STATE_PREDICATES)) {
        assert.equal(predicate(state), EXPECTED[state][name as PredicateName], `${name}('${state}')`);
      }
    }
  });

  it('keep SERVICE_STATES in the table order', () => {
    assert.deepEqual(
      SERVICE_STATES,
      STATE_TABLE.map((s) => s.state),
    );
  });

  it('hold their relations: up and down never both, a dead state is ended and failing, transient is coming up or off', () => {
    const p = STATE_PREDICATES;
    for (const s of SERVICE_STATES as ServiceState[]) {
      assert.ok(!(p.isUp(s) && p.isDown(s)), s);
      assert.ok(p.isUp(s) || p.isDown(s) || p.isOff(s), `${s} is up, down or off`);
      assert.equal(p.isDead(s), p.isEnded(s) && p.isFailing(s), s);
      assert.equal(p.isTransient(s), p.isComingUp(s) || (p.isOff(s) && !p.isEnded(s)), s);
      assert.ok(!(p.isLive(s) && p.isEnded(s)), `${s} cannot be live and ended`);
    }
  });

  it('are the only place a list of state names decides something in src/ (no hand-written sets, arrays, || chains, or predicates patched with a state name)', () => {
    const root = path.resolve(__dirname, '../../..');
    const states = SERVICE_STATES.map((s) => s.replace('-', '\\-')).join('|');
    const lit = `'(?:${states})'`;
    // Two or more state literals in one array or Set, or two comparisons of the same operand chained.
    const array = new RegExp(`\\[\\s*${lit}\\s*,\\s*${lit}`);
    const chain = new RegExp(`([\\w.?]+) [!=]== ${lit} (?:\\|\\||&&) \\1 [!=]== ${lit}`);
    // A predicate and a state name mixed on the same operand (`!isUp(s) && s !== 'unhealthy'`): a new predicate, or an existing one.
    const preds = Object.keys(STATE_PREDICATES).join('|').replace('isSettledWithHealthCheck|isSettledWithoutHealthCheck', 'isSettled');
    const mixed = new RegExp(
      `!?(?:${preds})\\(([\\w.?]+)[,)].{0,20}(?:\\|\\||&&) \\1 [!=]== ${lit}|([\\w.?]+) [!=]== ${lit} (?:\\|\\||&&) !?(?:${preds})\\(\\2[,)]`,
    );
    // Files whose state-like words are not service states, or that define the vocabulary itself.
    const allowed = new Map([
      ['src/shared/stateTable.ts', 'the table itself'],
      ['src/shared/serviceState.ts', 'the ServiceState union'],
      ['src/infra/docker/DockerHandle.ts', "Docker's own health statuses (starting/healthy/unhealthy)"],
      ['src/core/engine/HealthMonitor.ts', "the health monitor's phases"],
    ]);
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          const rel = path.relative(root, p);
          if (allowed.has(rel)) continue;
          fs.readFileSync(p, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (array.test(line) || chain.test(line) || mixed.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
            });
        }
      }
    };
    walk(path.join(root, 'src'));
    assert.deepEqual(found, [], 'use a predicate from src/shared/statePredicates.ts instead');
  });
});
