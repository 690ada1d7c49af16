import * as assert from 'node:assert/strict';
import { describeDown } from '../../../src/core/engine/describeDown';
import { GONE_UNSTOPPED } from '../../../src/core/engine/observeService';
import type { ServiceStatus } from '../../../src/core/engine/state';
import type { ReapOutcome } from '../../../src/core/ports';

const st = (name: string, state: ServiceStatus['state'], reason?: string): ServiceStatus =>
  ({ name, kind: 'process', state, since: 0, restarts: 0, ...(reason ? { reason } : {}) }) as ServiceStatus;

describe('describeDown: what a down did, not what it was asked', () => {
  it('says stopped only of what ran, removed of an ended container, not running of a dead process', () => {
    const observed = [
      st('tcpd', 'exited', GONE_UNSTOPPED),
      st('crasher', 'exited', 'exited with code 3'),
      st('api', 'healthy'),
      st('box', 'exited', 'exited with code 137'),
      st('idle', 'stopped'),
    ];
    const did = new Map<string, ReapOutcome>([
      ['tcpd', false],
      ['crasher', false],
      ['api', 'stopped'],
      ['box', 'removed'],
      ['idle', false],
    ]);
    assert.deepEqual(describeDown(observed, did, false), [
      'stopped api',
      'tcpd was not running (it had ended on its own; how is unknown)',
      'crasher was not running (had exited with code 3)',
      'removed box (had exited with code 137)',
    ]);
  });

  it('names a plainly stopped service only when the user named it; nothing at all says so', () => {
    assert.deepEqual(describeDown([st('idle', 'stopped')], new Map(), false), ['nothing was running']);
    assert.deepEqual(describeDown([st('idle', 'stopped')], new Map(), true), ['idle was not running']);
  });

  it('a service that died between the look and the stop is not said to be stopped', () => {
    assert.deepEqual(describeDown([st('api', 'running')], new Map([['api', false]]), false), ['api was not running any more']);
    assert.deepEqual(describeDown([st('job', 'completed')], new Map([['job', 'removed']]), false), ['removed job (had completed)']);
  });
});
