import { strict as assert } from 'node:assert';
import type { LogLine } from '../../../src/core/ports';
import { StartProgress } from '../../../src/core/status/startProgress';

const line = (service: string, text: string, stream: LogLine['stream'] = 'system'): LogLine => ({ service, text, stream, at: 0 });

describe('StartProgress (the editor start notification)', () => {
  it('counts services up and shows image pulls until they finish or fail', () => {
    const p = new StartProgress();
    assert.equal(p.message(0, 3), 'starting: 0/3 services up');
    assert.equal(p.onLog(line('db', 'pulling postgres:16: 42% of 3 layer(s)')), true);
    assert.equal(p.onLog(line('db', 'pulling postgres:16: 10%', 'stdout')), false, 'service output is not pull progress');
    p.onLog(line('cache', 'pulling redis:7: Waiting'));
    assert.equal(p.message(1, 3), 'starting: 1/3 services up · pulling postgres:16: 42% of 3 layer(s) · pulling redis:7: Waiting');
    assert.equal(p.onLog(line('db', 'pulled postgres:16')), true);
    assert.equal(p.onLog(line('cache', 'image redis:7 is not on this Docker engine and pulling it failed: no registry')), true);
    assert.equal(p.message(2, 3), 'starting: 2/3 services up');
    p.onLog(line('api', 'pulling api:dev: 5% of 1 layer(s)'));
    assert.equal(
      p.message(2, 3, (s) => s !== 'api'),
      'starting: 2/3 services up',
      'api failed: its pull is over',
    );
    assert.equal(p.message(2, 3), 'starting: 2/3 services up');
  });
});
