import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceState } from '../../../src/core/engine/state';
import { groupServices } from '../../../src/core/editor/groupServices';
import { isFailing, isLive, isUp } from '../../../src/core/status/serviceStates';
import { STATE_TABLE, stateInfo, stateMarkdownTable } from '../../../src/shared/stateTable';

const root = path.resolve(__dirname, '../../..');
// A Record over the union: adding a state to ServiceState without listing it here does not compile.
const EVERY_STATE: Record<ServiceState, true> = {
  stopped: true,
  waiting: true,
  starting: true,
  running: true,
  healthy: true,
  unhealthy: true,
  completed: true,
  exited: true,
  failed: true,
  'crash-looping': true,
  stopping: true,
};

describe('the one state table (README, tree icons, dashboard tones, CLI colours)', () => {
  it('lists every ServiceState exactly once', () => {
    assert.deepEqual(STATE_TABLE.map((s) => s.state).sort(), Object.keys(EVERY_STATE).sort());
  });

  it('covers every state the engine code can set (tracker.set / set calls in src/core/engine)', () => {
    const dir = path.join(root, 'src/core/engine');
    const used = new Set<string>();
    for (const f of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/\.set\(\s*'([a-z-]+)'/g)) used.add(m[1]);
    }
    assert.ok(used.has('exited') && used.has('crash-looping'), `scan found ${[...used].join(', ')}`);
    for (const s of used)
      assert.ok(
        STATE_TABLE.some((r) => r.state === s),
        `engine sets '${s}', which the table lacks`,
      );
  });

  it('is the table in README.md (regenerate the block between the states markers from stateMarkdownTable())', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const m = /<!-- states:begin -->\n([\s\S]*?)\n<!-- states:end -->/.exec(readme);
    assert.ok(m, 'README.md has no <!-- states:begin --> ... <!-- states:end --> block');
    assert.equal(m[1], stateMarkdownTable());
    for (const s of STATE_TABLE) assert.match(m[1], new RegExp(`\\| \`${s.state}\` \\|`));
  });

  it('has a dashboard colour (media/dashboard.css tone-*) for every tone', () => {
    const css = fs.readFileSync(path.join(root, 'media/dashboard.css'), 'utf8');
    for (const s of STATE_TABLE) assert.match(css, new RegExp(`\\.tone-${s.tone} \\{`), `no .tone-${s.tone} for ${s.state}`);
  });

  it('drives isUp / isLive / isFailing and reads an unknown state as stopped', () => {
    assert.deepEqual(
      STATE_TABLE.filter((s) => isUp(s.state)).map((s) => s.state),
      ['running', 'healthy', 'completed'],
    );
    assert.deepEqual(
      STATE_TABLE.filter((s) => isLive(s.state)).map((s) => s.state),
      ['starting', 'running', 'healthy', 'unhealthy'],
    );
    assert.deepEqual(
      STATE_TABLE.filter((s) => isFailing(s.state)).map((s) => s.state),
      ['unhealthy', 'exited', 'failed', 'crash-looping'],
    );
    assert.equal(stateInfo('no-such-state').state, 'stopped');
  });

  it('puts every state in a tree group when grouped by state (exited under Failing)', () => {
    const names = STATE_TABLE.map((s) => s.state);
    const config = {
      name: 'x',
      services: Object.fromEntries(names.map((n) => [n, { name: n, profiles: [], dependsOn: [] }])),
      profiles: {},
    } as never;
    const statuses = names.map((n) => ({ name: n, state: n })) as never;
    const groups = groupServices({ config, selected: names, statuses }, 'state')!;
    assert.deepEqual(groups.flatMap((g) => g.services).sort(), [...names].sort());
    assert.ok(groups.find((g) => g.id === 'state:failing')!.services.includes('exited'));
  });
});
