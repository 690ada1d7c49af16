import { strict as assert } from 'node:assert';
import { describeRequest, supersedes } from '../../../src/core/control/supersedes';

const r = (op: 'down' | 'stop' | 'restart', ...services: string[]) => ({ op, services });

describe('which later request makes an earlier one moot (the last word wins)', () => {
  it('a down cuts short any restart; a stop only a restart of one of its services', () => {
    assert.equal(supersedes(r('down'), r('restart', 'api')), true);
    assert.equal(supersedes(r('stop', 'api'), r('restart', 'api')), true);
    assert.equal(supersedes(r('stop', 'db'), r('restart', 'api', 'db')), true);
    assert.equal(supersedes(r('stop', 'db'), r('restart', 'api')), false);
  });

  it('stops and downs are never moot, and a restart makes nothing moot', () => {
    assert.equal(supersedes(r('down'), r('stop', 'api')), false);
    assert.equal(supersedes(r('down'), r('down')), false);
    assert.equal(supersedes(r('restart', 'api'), r('restart', 'api')), false);
    assert.equal(supersedes(r('restart', 'api'), r('stop', 'api')), false);
  });

  it('names who asked', () => {
    assert.equal(
      describeRequest({ op: 'stop', services: ['api', 'db'], from: 'stackpilot stop (pid 7)' }),
      'stop api db requested by stackpilot stop (pid 7)',
    );
    assert.equal(
      describeRequest({ op: 'down', services: [], from: 'a VS Code window (pid 8)' }),
      'down requested by a VS Code window (pid 8)',
    );
  });
});
