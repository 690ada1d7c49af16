import * as assert from 'node:assert/strict';
import type { LastRun } from '../../../src/core/report/LastRun';
import { resumedProfile } from '../../../src/core/session/resumedProfile';

const run = (over: Partial<LastRun> = {}): LastRun => ({
  version: 1,
  stack: 'shop',
  profile: 'seed',
  selected: ['db', 'seed'],
  mode: 'wait',
  startedAt: 1,
  updatedAt: 2,
  failures: [],
  services: [],
  ...over,
});
const stack = { name: 'shop', profiles: ['core', 'seed', 'all'] };

describe('resumedProfile: the profile a window resuming an earlier run uses', () => {
  it("takes the running earlier run's profile when the window has no setting, and says so", () => {
    const r = resumedProfile(run(), stack, { setting: undefined, profile: 'core' });
    assert.equal(r.use, 'seed');
    assert.match(r.note ?? '', /resuming the earlier run's profile seed .*Select Profile/);
    assert.equal(resumedProfile(run({ profile: 'seed,core' }), stack, { setting: undefined, profile: 'core' }).use, 'seed,core');
  });

  it('keeps the setting when one is set, and says plainly which profile it uses', () => {
    const r = resumedProfile(run(), stack, { setting: 'all', profile: 'all' });
    assert.equal(r.use, undefined);
    assert.match(r.note ?? '', /started with profile seed; this window uses profile all \(stackpilot\.profile\)/);
  });

  it('nothing to do: same profile, default profile, an ended run, another stack, no record', () => {
    assert.deepEqual(resumedProfile(run({ profile: 'core' }), stack, { setting: undefined, profile: 'core' }), {});
    assert.deepEqual(resumedProfile(run({ profile: null }), stack, { setting: undefined, profile: 'core' }), {});
    assert.deepEqual(resumedProfile(run({ endedAt: 3 }), stack, { setting: undefined, profile: 'core' }), {});
    assert.deepEqual(resumedProfile(run({ stack: 'other' }), stack, { setting: undefined, profile: 'core' }), {});
    assert.deepEqual(resumedProfile(undefined, stack, { setting: undefined, profile: 'core' }), {});
  });

  it('a profile the stack does not define (a hostile or stale record) is ignored', () => {
    for (const profile of ['nope', 'seed,nope', '', '\u202e'])
      assert.deepEqual(resumedProfile(run({ profile }), stack, { setting: undefined, profile: 'core' }), {}, profile);
  });
});
