/**
 * `.stackpilot/` can come with a hostile repository, and the editor reads it before the workspace
 * is trusted (run records when the folder opens, start history for the dashboard, log files for
 * Show Logs). A FIFO there blocked the read for good (the window's view never loaded; the
 * dashboard's synchronous read froze the extension host), a link to /dev/zero filled memory, a link
 * to a private file showed it. Each is now refused at once, with the reason, and nothing else read.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JsonStateStore } from '../../src/infra/state/JsonStateStore';
import { StartHistory } from '../../src/infra/state/startHistory';
import { readRunFile } from '../../src/infra/state/readRunFile';
import { writeLastRun } from '../../src/infra/state/lastRunFile';
import { loadTimings } from '../../src/cli/timings';
import { readSupervisors } from '../../src/infra/state/supervisorRecords';
import { tempDir } from './testKit';

/** Settles within `ms`, or says it hung (a read that blocks on a FIFO never settles). */
const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`${what} hung for ${ms} ms`)), ms).unref())]);

describe('hostile files under .stackpilot/ are refused, never followed, blocked on or read whole', function () {
  this.timeout(30_000);
  let t: ReturnType<typeof tempDir>;
  let run: string;
  beforeEach(() => {
    t = tempDir('sp-hostile-run-');
    run = path.join(t.dir, '.stackpilot');
    fs.mkdirSync(path.join(run, 'logs'), { recursive: true });
  });
  afterEach(() => t.remove());

  const warnings: string[] = [];
  const logger = { info: () => undefined, warn: (m: string) => void warnings.push(m), error: () => undefined, debug: () => undefined };

  it('.stackpilot itself shipped as a link: no run file is written into where it points', async () => {
    const elsewhere = path.join(t.dir, 'elsewhere');
    fs.mkdirSync(elsewhere);
    fs.rmSync(run, { recursive: true });
    fs.symlinkSync(elsewhere, run);
    await assert.rejects(
      new JsonStateStore(run, logger as never).save([]),
      /is a link: Stackpilot writes its run files only into a real folder/,
    );
    assert.throws(() => new StartHistory(run).record({ at: 1, totalMs: 2 }), /is a link/);
    assert.throws(() => writeLastRun(run, { startedAt: 1 } as never), /is a link/);
    assert.deepEqual(fs.readdirSync(elsewhere), [], 'nothing written where the link points');
  });

  it('state.json as a FIFO: the window loads no records at once, with a warning, instead of hanging', async () => {
    execFileSync('mkfifo', [path.join(run, 'state.json')]);
    warnings.length = 0;
    const records = await within(new JsonStateStore(run, logger as never).load(), 3000, 'loading state.json');
    assert.deepEqual(records, []);
    assert.match(warnings.join('\n'), /not a regular file \(a FIFO\)/);
  });

  it('state.json as a link to /dev/zero, or to a private file: refused as a link', async () => {
    fs.symlinkSync('/dev/zero', path.join(run, 'state.json'));
    warnings.length = 0;
    assert.deepEqual(await within(new JsonStateStore(run, logger as never).load(), 3000, 'loading state.json'), []);
    assert.match(warnings.join('\n'), /is a link/);
    const secret = path.join(t.dir, 'id_rsa');
    fs.writeFileSync(secret, '{"records": []} -----BEGIN OPENSSH PRIVATE KEY-----');
    fs.symlinkSync(secret, path.join(run, 'timings.json'));
    assert.deepEqual(loadTimings(run), {});
  });

  it("the dashboard's start history as a FIFO or a device link: empty, synchronously and at once", () => {
    execFileSync('mkfifo', [path.join(run, 'startups.json')]);
    fs.symlinkSync('/dev/zero', path.join(run, 'timings.json'));
    const h = new StartHistory(run);
    assert.deepEqual(h.starts(), []);
    assert.deepEqual(h.timings(), {});
  });

  it('log files: only the tail of a long one is read, never a link', () => {
    const log = path.join(run, 'logs', 'api.out.log');
    fs.writeFileSync(log, Array.from({ length: 100_000 }, (_, i) => `line ${i}`).join('\n') + '\n');
    const tail = readRunFile(log, { maxBytes: 1024, tail: true })!;
    assert.ok(tail.length <= 1024);
    assert.match(tail, /^line \d+\n/, 'starts at a whole line');
    assert.match(tail, /line 99999\n$/);
    const secret = path.join(t.dir, 'credentials');
    fs.writeFileSync(secret, 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    fs.symlinkSync(secret, path.join(run, 'logs', 'db.out.log'));
    let why = '';
    assert.equal(readRunFile(path.join(run, 'logs', 'db.out.log'), { tail: true, refused: (w) => (why = w) }), undefined);
    assert.match(why, /is a link/);
  });

  it('a supervisor record as a FIFO is skipped at once (the window resuming an earlier run hung on it)', async () => {
    fs.mkdirSync(path.join(run, 'supervisors'));
    execFileSync('mkfifo', [path.join(run, 'supervisors', '1.json')]);
    assert.deepEqual(await within(readSupervisors(run), 3000, 'reading supervisor records'), []);
  });
});
