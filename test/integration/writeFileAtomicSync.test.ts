import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomicSync } from '../../src/infra/state/writeFileAtomicSync';

describe('writeFileAtomicSync (real files)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-atomic-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const mode = (f: string) => fs.statSync(f).mode & 0o777;

  it('creates a missing folder (0700) and the file (0600), then rewrites it in place', () => {
    const file = path.join(dir, 'a', 'b', 'status.json');
    writeFileAtomicSync(file, 'one');
    assert.equal(fs.readFileSync(file, 'utf8'), 'one');
    assert.equal(mode(file), 0o600);
    assert.equal(mode(path.dirname(file)), 0o700);
    writeFileAtomicSync(file, 'two');
    assert.equal(fs.readFileSync(file, 'utf8'), 'two');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['status.json']);
  });

  it('a stale, wider temp file of the same name and a wider old file end up 0600', () => {
    const file = path.join(dir, 'status.json');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, 'stale stale stale', { mode: 0o666 });
    fs.chmodSync(tmp, 0o666);
    writeFileAtomicSync(file, 'new');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.equal(mode(file), 0o600);
    assert.ok(!fs.existsSync(tmp));
  });
});
