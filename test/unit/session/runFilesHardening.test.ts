import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonlAlertHistory } from '../../../src/infra/metrics/JsonlAlertHistory';
import { StartHistory } from '../../../src/infra/state/startHistory';

const entry = (at: number) =>
  ({ at, kind: 'firing', key: 'service-down/a', ruleId: 'service-down', severity: 'critical', summary: 'down' }) as never;

describe('run files under .stackpilot/ (a folder the repository can ship)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-run-files-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the alert history is appended to a regular file, 0600, and read back', async () => {
    const file = path.join(dir, '.stackpilot', 'alerts.jsonl');
    const h = new JsonlAlertHistory(file);
    h.append(entry(1));
    h.append(entry(2));
    assert.deepEqual(
      (await h.read()).entries.map((e) => e.at),
      [1, 2],
    );
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  });

  it('is never written through a link a repository shipped, nor into a FIFO (a warning, the target untouched)', async () => {
    const target = path.join(dir, 'bashrc');
    fs.writeFileSync(target, 'export A=1\n');
    const link = path.join(dir, 'alerts.jsonl');
    fs.symlinkSync(target, link);
    const warnings: string[] = [];
    const logger = { info() {}, debug() {}, error() {}, warn: (m: string) => warnings.push(m) };
    const h = new JsonlAlertHistory(link, logger);
    h.append(entry(1));
    await h.flush();
    assert.equal(fs.readFileSync(target, 'utf8'), 'export A=1\n');
    assert.match(warnings.join('\n'), /is a link: not written through/);
    assert.deepEqual((await h.read()).entries, []);

    const fifo = path.join(dir, 'fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    const f = new JsonlAlertHistory(fifo, logger);
    f.append(entry(1));
    await f.flush();
    assert.deepEqual((await f.read()).entries, []);
    assert.ok(warnings.length >= 3, warnings.join('\n'));
  });

  it('past its cap the history keeps the newest half, whole lines', async () => {
    const file = path.join(dir, 'alerts.jsonl');
    const h = new JsonlAlertHistory(file, undefined, 2000);
    for (let i = 1; i <= 40; i++) h.append(entry(i));
    const { entries, skipped } = await h.read();
    assert.deepEqual(skipped, []);
    assert.ok(fs.statSync(file).size <= 2000);
    assert.equal(entries.at(-1)?.at, 40);
    assert.ok(entries.length > 3 && entries[0].at > 1);
  });

  it('timings are merged into the earlier ones (services not started this time keep theirs)', () => {
    const h = new StartHistory(path.join(dir, '.stackpilot'));
    h.recordTimings({ db: 400, api: 900 });
    h.recordTimings({ api: 800 });
    h.recordTimings({});
    assert.deepEqual(h.timings(), { db: 400, api: 800 });
  });
});
