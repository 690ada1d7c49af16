import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildContext } from '../../../src/infra/docker/buildImage';
import { DockerUnavailableError } from '../../../src/infra/docker/describeDaemonError';

describe('docker build inputs (buildContext)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sp-build-ctx-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM x\n');
    writeFileSync(join(dir, 'src', 'a.txt'), 'a');
    writeFileSync(join(dir, 'node_modules', 'big.js'), 'x');
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\n*.log\n');
    writeFileSync(join(dir, 'debug.log'), 'noise');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists what .dockerignore keeps, and the hash follows contents, names and the Dockerfile choice only', async () => {
    const first = await buildContext({ context: dir });
    assert.deepEqual(first.files, ['.dockerignore', 'Dockerfile', 'src/a.txt']);
    writeFileSync(join(dir, 'debug.log'), 'more noise');
    writeFileSync(join(dir, 'node_modules', 'big.js'), 'y');
    assert.equal((await buildContext({ context: dir })).hash, first.hash, 'ignored files are not inputs');
    writeFileSync(join(dir, 'src', 'a.txt'), 'b');
    const edited = await buildContext({ context: dir });
    assert.notEqual(edited.hash, first.hash);
    assert.notEqual((await buildContext({ context: dir, dockerfile: 'Dockerfile.dev' })).hash, edited.hash);
  });

  it('a symlink is an input by its target string (docker sends it as a link): one to a folder or a dangling one is not read through', async () => {
    symlinkSync('src', join(dir, 'srclink'));
    symlinkSync('nowhere/missing.txt', join(dir, 'dangling'));
    const first = await buildContext({ context: dir });
    assert.deepEqual(first.files, ['.dockerignore', 'Dockerfile', 'dangling', 'src/a.txt', 'srclink']);
    writeFileSync(join(dir, 'src', 'a.txt'), 'b');
    const edited = await buildContext({ context: dir });
    assert.notEqual(edited.hash, first.hash, 'the real file still counts');
    unlinkSync(join(dir, 'dangling'));
    symlinkSync('nowhere/other.txt', join(dir, 'dangling'));
    assert.notEqual((await buildContext({ context: dir })).hash, edited.hash, 'a changed link target is a changed input');
  });

  it('a missing context rejects with the path in the message', async () => {
    await assert.rejects(buildContext({ context: join(dir, 'gone') }), (e: Error) => e.message.includes(join(dir, 'gone')));
  });

  it('without .dockerignore everything is an input', async () => {
    rmSync(join(dir, '.dockerignore'));
    assert.deepEqual((await buildContext({ context: dir })).files, ['Dockerfile', 'debug.log', 'node_modules/big.js', 'src/a.txt']);
  });
});

describe('DockerUnavailableError.engineUnavailable', () => {
  it('a daemon that is away may come back; a malformed DOCKER_HOST will not', () => {
    for (const p of ['not-installed', 'not-running', 'permission-denied', 'unreachable'] as const)
      assert.equal(new DockerUnavailableError(p, 'x').engineUnavailable, true, p);
    assert.equal(new DockerUnavailableError('bad-config', 'x').engineUnavailable, false);
  });
});
