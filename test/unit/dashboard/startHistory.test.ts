import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StartHistory } from '../../../src/infra/state/startHistory';

describe('dashboard: start history (.stackpilot/startups.json, timings.json)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-starts-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the last 20 starts, one per start time; reads the CLI timings; missing or broken files read as empty', () => {
    const h = new StartHistory(path.join(dir, '.stackpilot'));
    assert.deepEqual(h.starts(), []);
    assert.deepEqual(h.timings(), {});
    for (let i = 0; i < 25; i++) h.record({ at: i, totalMs: 1000 + i });
    h.record({ at: 24, totalMs: 5 });
    const starts = h.starts();
    assert.equal(starts.length, 20);
    assert.deepEqual(starts[0], { at: 5, totalMs: 1005 });
    assert.deepEqual(starts[19], { at: 24, totalMs: 5 });
    fs.writeFileSync(path.join(dir, '.stackpilot', 'timings.json'), JSON.stringify({ db: 400, api: 'x' }));
    assert.deepEqual(h.timings(), { db: 400 });
    fs.writeFileSync(path.join(dir, '.stackpilot', 'startups.json'), '{not json');
    assert.deepEqual(h.starts(), []);
  });
});
