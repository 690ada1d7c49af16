import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { createStackEngine } from '../../src/infra/createStackEngine';
import { containersOf, dockerCli, httpdSpec, IMAGE, removeProject, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { freePort, tempDir, waitFor } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

function body(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/health' }, (res) => {
      let s = '';
      res.on('data', (b: Buffer) => (s += b.toString()));
      res.on('end', () => resolve(s.trim()));
    }).on('error', reject);
  });
}

describe('docker services with build: (a Dockerfile FROM the local test image)', function () {
  this.timeout(120_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-build-');
  const ctx = join(tmp.dir, 'web');
  const image = `${project}-web`;

  before(function (done) {
    requireDocker(this, done);
  });
  after(() => {
    removeProject(project);
    const left = dockerCli(['image', 'ls', '-q', '--filter', `label=dev.stackpilot.project=${project}`])
      .split('\n')
      .filter(Boolean);
    if (left.length) dockerCli(['rmi', '-f', ...new Set(left)]);
    tmp.remove();
  });

  it('builds on first start, not again while the inputs are the same, again when a file changes (not an ignored one)', async () => {
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${IMAGE}\nCOPY health /www/health\n`);
    writeFileSync(join(ctx, 'health'), 'v1\n');
    writeFileSync(join(ctx, '.dockerignore'), 'notes.txt\n');
    writeFileSync(join(ctx, 'notes.txt'), 'not part of the image\n');
    const port = await freePort();
    const web = httpdSpec('web', port, {
      image,
      build: { context: ctx },
      command: ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'],
    });
    const engine = createStackEngine(stackOf(project, tmp.dir, [web]), { runDir: tmp.dir, output: silent });
    const builds: string[] = [];
    engine.onEvent((e) => e.type === 'log' && e.line.text.startsWith('building ') && builds.push(e.line.text));
    try {
      let t = Date.now();
      assert.ok((await engine.up(['web'], { timeoutMs: 60_000 })).ok);
      console.log(`      built and healthy in ${Date.now() - t} ms: ${builds[0]}`);
      assert.equal(builds.length, 1);
      assert.equal(await body(port), 'v1');
      const first = engine.status()[0].instanceId;

      t = Date.now();
      await engine.restart('web');
      console.log(`      restart with unchanged inputs: ${Date.now() - t} ms, no build`);
      assert.equal(builds.length, 1, 'same inputs: no second build');

      writeFileSync(join(ctx, 'notes.txt'), 'edited, but ignored\n');
      await engine.restart('web');
      assert.equal(builds.length, 1, 'a file .dockerignore excludes is not a build input');

      writeFileSync(join(ctx, 'health'), 'v2\n');
      t = Date.now();
      await engine.restart('web');
      console.log(`      restart after editing a context file: ${Date.now() - t} ms: ${builds[1]}`);
      assert.equal(builds.length, 2);
      assert.match(builds[1], /its inputs changed/);
      assert.equal(engine.status()[0].state, 'healthy');
      assert.equal(await body(port), 'v2');
      assert.notEqual(engine.status()[0].instanceId, first);
      assert.equal(
        dockerCli(['image', 'ls', '-q', '--filter', `label=dev.stackpilot.project=${project}`])
          .trim()
          .split('\n').length,
        1,
        'the replaced image was removed',
      );
    } finally {
      await engine.down();
      engine.dispose();
    }
    await waitFor('removed', () => containersOf(project).length === 0, 5000);
  });

  it('a context with a symlink to a folder and a dangling symlink builds (the links are sent as links)', async () => {
    const dir = join(tmp.dir, 'links');
    mkdirSync(join(dir, 'www'), { recursive: true });
    writeFileSync(join(dir, 'www', 'health'), 'via-link\n');
    symlinkSync('www', join(dir, 'wwwlink'));
    symlinkSync('does/not/exist', join(dir, 'dangling'));
    // COPY through the folder link: docker resolves it inside the context, so the link really went over as a link.
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${IMAGE}\nCOPY wwwlink/health /www/health\n`);
    const port = await freePort();
    const spec = httpdSpec('links', port, {
      image: `${project}-links`,
      build: { context: dir },
      command: ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'],
    });
    const engine = createStackEngine(stackOf(project, tmp.dir, [spec]), { runDir: tmp.dir, output: silent });
    try {
      const r = await engine.up(['links'], { timeoutMs: 60_000 });
      assert.ok(r.ok, engine.status()[0].reason);
      assert.equal(await body(port), 'via-link');
    } finally {
      await engine.down();
      engine.dispose();
    }
  });

  it('a context that cannot be read fails the start naming the image and the path', async () => {
    const dir = join(tmp.dir, 'vanished');
    const spec = httpdSpec('vanished', await freePort(), { image: `${project}-vanished`, build: { context: dir } });
    const engine = createStackEngine(stackOf(project, tmp.dir, [spec]), { runDir: tmp.dir, output: silent });
    try {
      const r = await engine.up(['vanished'], { timeoutMs: 60_000 });
      assert.equal(r.ok, false);
      const reason = engine.status()[0].reason ?? '';
      console.log(`      -> ${reason}`);
      assert.ok(reason.includes(`building ${project}-vanished from ${dir} failed: `), reason);
      assert.match(reason, /ENOENT/);
    } finally {
      await engine.down();
      engine.dispose();
    }
  });

  it('a failing build names the image and the failing step', async () => {
    const dir = join(tmp.dir, 'broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${IMAGE}\nCOPY missing.txt /missing.txt\n`);
    const spec = httpdSpec('broken', await freePort(), { image: `${project}-broken`, build: { context: dir } });
    const engine = createStackEngine(stackOf(project, tmp.dir, [spec]), { runDir: tmp.dir, output: silent });
    try {
      const r = await engine.up(['broken'], { timeoutMs: 60_000 });
      assert.equal(r.ok, false);
      const reason = engine.status()[0].reason ?? '';
      console.log(`      -> ${reason}`);
      assert.match(reason, new RegExp(`building ${project}-broken from .* failed: .*missing\\.txt`));
    } finally {
      await engine.down();
      engine.dispose();
    }
  });
});
