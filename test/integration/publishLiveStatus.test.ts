/**
 * publishLiveStatus writes the supervisor's view for other processes: a change after a quiet spell
 * is on disk at once (not after a fixed 50 ms: every crash waited that long before anyone could see
 * it), a burst of changes in one turn is one write, and a stream of changes at most one write per
 * 50 ms. A fake engine stands in for the real one (only its event and status() matter here).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceStatus } from '../../src/core/engine/state';
import { parseLiveStatus } from '../../src/core/status/liveStatus';
import { LIVE_STATUS_MIN_GAP_MS, publishLiveStatus } from '../../src/infra/state/liveStatusFile';
import { tempDir } from './testKit';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function fakeEngine() {
  let listener: ((e: { type: string }) => void) | undefined;
  let state: ServiceStatus['state'] = 'healthy';
  let reads = 0;
  return {
    onEvent(fn: (e: { type: string }) => void) {
      listener = fn;
      return { dispose: () => (listener = undefined) };
    },
    status(): ServiceStatus[] {
      reads++;
      return [{ name: 'api', kind: 'process', state, since: 1, waitingOn: [], restarts: 0, adopted: false, transitions: [] }];
    },
    change(to: ServiceStatus['state']) {
      state = to;
      listener?.({ type: 'state' });
    },
    get writes() {
      return reads;
    },
  };
}

describe('publishLiveStatus (fake engine: the file as other processes read it)', () => {
  let t: ReturnType<typeof tempDir>;
  let pub: { dispose(): void } | undefined;
  beforeEach(() => (t = tempDir('sp-publish-')));
  afterEach(() => {
    pub?.dispose();
    t.remove();
  });
  const read = (file: string) => parseLiveStatus(fs.readFileSync(file, 'utf8'))?.services[0]?.state;

  it('writes a change after a quiet spell at once, 0600, and removes its file on dispose', async () => {
    const file = path.join(t.dir, 'status.json');
    const engine = fakeEngine();
    pub = await publishLiveStatus(file, 'stack', engine, undefined, (m) => assert.fail(m));
    assert.equal(read(file), 'healthy');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    await sleep(LIVE_STATUS_MIN_GAP_MS + 10);
    engine.change('exited');
    // Timers fire in order of expiry: the publisher's (due now) before this 20 ms one, however loaded the machine.
    await sleep(20);
    assert.equal(read(file), 'exited');
    pub.dispose();
    pub = undefined;
    assert.equal(fs.existsSync(file), false);
  });

  it('publishes nothing before the engine has looked at what runs (every service would read stopped)', async () => {
    const file = path.join(t.dir, 'status.json');
    let looked = false;
    const engine = { ...fakeEngine(), looked: () => looked };
    pub = await publishLiveStatus(file, 'stack', engine, undefined, (m) => assert.fail(m));
    await sleep(100);
    assert.equal(fs.existsSync(file), false);
    looked = true;
    // The publisher checks every 25 ms; generous for a loaded machine, and bounded.
    for (let i = 0; i < 200 && !fs.existsSync(file); i++) await sleep(25);
    assert.equal(read(file), 'healthy');
  });

  it('a burst in one turn is one write; a stream of changes at most one write per 50 ms', async () => {
    const file = path.join(t.dir, 'status.json');
    const engine = fakeEngine();
    pub = await publishLiveStatus(file, 'stack', engine, undefined, (m) => assert.fail(m));
    await sleep(LIVE_STATUS_MIN_GAP_MS + 10);
    const before = engine.writes;
    for (let i = 0; i < 20; i++) engine.change(i % 2 ? 'healthy' : 'unhealthy');
    await sleep(20);
    assert.equal(engine.writes - before, 1);
    assert.equal(read(file), 'healthy');
    const t0 = Date.now();
    const from = engine.writes;
    while (Date.now() - t0 < 300) {
      engine.change('starting');
      await sleep(5);
    }
    const elapsed = Date.now() - t0;
    await sleep(LIVE_STATUS_MIN_GAP_MS + 20);
    // A write every 50 ms at most, plus the trailing one: never more (a loaded machine only makes fewer).
    assert.ok(engine.writes - from <= Math.ceil(elapsed / LIVE_STATUS_MIN_GAP_MS) + 1, `${engine.writes - from} writes in ${elapsed} ms`);
    assert.equal(read(file), 'starting');
  });
});
