import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../src/core/ports';
import { JsonStateStore } from '../../src/infra/state/JsonStateStore';
import { tempDir } from './testKit';

const rec = (service: string, pid: number): RunRecord => ({
  service,
  kind: 'process',
  id: `pid:${pid}`,
  pid,
  pgid: pid,
  startTime: '123',
  configHash: 'abcd',
  startedAt: 1,
});

describe('JsonStateStore (real files)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {} };
  beforeEach(() => {
    tmp = tempDir();
    warnings.length = 0;
  });
  afterEach(() => tmp.remove());

  it('creates the run folder, saves and loads records', async () => {
    const runDir = join(tmp.dir, 'deep', '.stackpilot');
    const store = new JsonStateStore(runDir, logger);
    assert.deepEqual(await store.load(), []);
    await store.save([rec('db', 10), rec('api', 11)]);
    assert.ok(existsSync(join(runDir, 'state.json')));
    assert.deepEqual(await new JsonStateStore(runDir).load(), [rec('db', 10), rec('api', 11)]);
    assert.deepEqual(warnings, []);
  });

  it('writes atomically: concurrent saves land in call order, no temp files stay, a reader never sees half a file', async () => {
    const store = new JsonStateStore(tmp.dir);
    const big = Array.from({ length: 2000 }, (_, i) => rec(`svc${i}`, i + 1));
    let reads = 0;
    let stop = false;
    const reader = (async () => {
      while (!stop) {
        const path = join(tmp.dir, 'state.json');
        if (existsSync(path)) {
          JSON.parse(readFileSync(path, 'utf8'));
          reads++;
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(big.slice(0, 100 * (i + 1)))));
    stop = true;
    await reader;
    assert.equal((await store.load()).length, 2000);
    assert.deepEqual(readdirSync(tmp.dir), ['state.json']);
    assert.ok(reads > 0);
  });

  it('loads a corrupt file as no records and warns; drops malformed entries', async () => {
    writeFileSync(join(tmp.dir, 'state.json'), '{"version":1,"records":[{"service":');
    assert.deepEqual(await new JsonStateStore(tmp.dir, logger).load(), []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /state\.json is corrupt/);
    writeFileSync(join(tmp.dir, 'state.json'), JSON.stringify({ version: 1, records: [rec('ok', 1), { service: 'x' }, null] }));
    assert.deepEqual(await new JsonStateStore(tmp.dir, logger).load(), [rec('ok', 1)]);
  });
});
