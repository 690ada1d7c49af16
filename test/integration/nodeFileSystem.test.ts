/** The FileSystem adapter on real files: FIFOs, devices, folders, links out of the folder and big files are refused at once. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileRefusedError } from '../../src/core/ports';
import { loadStackFromDisk } from '../../src/infra/loadStackFromDisk';
import { nodeFileSystem } from '../../src/infra/nodeFileSystem';
import { tempDir } from './testKit';

const refused = async (p: Promise<unknown>, reason: RegExp) => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  assert.ok(e instanceof FileRefusedError, `expected a refusal, got ${String(e)}`);
  assert.match(e.reason, reason);
};

describe('nodeFileSystem: bounded reads (real files)', () => {
  it('reads regular files, refuses FIFOs, devices, folders, big files and links out of the folder without blocking', async () => {
    const t = tempDir('sp-fs-');
    try {
      const at = (f: string) => path.join(t.dir, f);
      fs.writeFileSync(at('ok.env'), 'A=1\n');
      execFileSync('mkfifo', [at('pipe.env')]);
      fs.mkdirSync(at('folder'));
      fs.writeFileSync(at('big.env'), 'x'.repeat(2048));
      fs.symlinkSync('/etc/hostname', at('out.env'));
      fs.symlinkSync(at('ok.env'), at('in.env'));
      assert.equal(await nodeFileSystem.readFile(at('ok.env'), { maxBytes: 100, within: t.dir }), 'A=1\n');
      assert.equal(await nodeFileSystem.readFile(at('in.env'), { within: t.dir }), 'A=1\n');
      assert.equal(await nodeFileSystem.readFile(at('missing.env'), { within: t.dir }), undefined);
      await refused(nodeFileSystem.readFile(at('pipe.env')), /not a regular file \(a FIFO\)/);
      await refused(nodeFileSystem.readFile('/dev/zero', { maxBytes: 1024 }), /not a regular file \(a device\)/);
      await refused(nodeFileSystem.readFile(at('folder')), /is a folder/);
      await refused(nodeFileSystem.readFile(at('big.env'), { maxBytes: 1000 }), /is 2 KB, over the 1000 bytes limit/);
      await refused(nodeFileSystem.readFile(at('out.env'), { within: t.dir }), /is a link to \/etc\/hostname, outside the stack's folder/);
    } finally {
      t.remove();
    }
  });

  it('compose discovery finds a FIFO compose.yaml without reading it, and the loader then says what it is, located', async () => {
    const t = tempDir('sp-fs-');
    try {
      execFileSync('mkfifo', [path.join(t.dir, 'compose.yaml')]);
      const r = await loadStackFromDisk({ root: t.dir, env: {} });
      assert.equal(r.config, undefined);
      const d = r.diagnostics.find((x) => x.code === 'unreadable-file');
      assert.ok(d, JSON.stringify(r.diagnostics));
      assert.equal(d.location.file, path.join(t.dir, 'compose.yaml'));
      assert.match(d.message, /compose\.yaml is not a regular file \(a FIFO\)/);
    } finally {
      t.remove();
    }
  });
});
