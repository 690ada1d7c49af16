import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComposeWatchRule } from '../../src/core/config/model';
import { DockerCallError } from '../../src/infra/docker/callDocker';
import { DockerContainerSync } from '../../src/infra/watch/DockerContainerSync';
import type { ContainerSync } from '../../src/core/watch/engineWatchPort';
import { createStackEngine, type StackEngine } from '../../src/infra/createStackEngine';
import { watchStack, type StackWatch } from '../../src/infra/watch/watchStack';
import { httpdSpec, requireDocker, stackOf } from './dockerKit';
import { freePort, tempDir, waitFor } from './testKit';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * `docker exec cat`, asynchronously: a synchronous exec (1-3 s each on a loaded machine) in a polling
 * loop starved the event loop the sync runs on, so one archive put took 10+ s and could hit its deadline.
 */
function execCat(id: string, file: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('docker', ['exec', id, 'cat', file], { encoding: 'utf8', timeout: 30_000 }, (err, stdout) =>
      resolve(err ? undefined : stdout),
    );
  });
}

describe('compose develop.watch sync: files reach the running container through the Docker API, no restart', function () {
  this.timeout(90_000);
  before(function (done) {
    requireDocker(this, done);
  });
  let tmp: ReturnType<typeof tempDir>;
  let engine: StackEngine | undefined;
  let watch: StackWatch | undefined;

  afterEach(async () => {
    watch?.dispose();
    await engine?.down();
    engine?.dispose();
    tmp?.remove();
  });

  it('copies the initial files, then each saved file (new folders too), never ignored ones, and never restarts', async () => {
    tmp = tempDir('sp-sync-');
    const port = await freePort();
    const src = join(tmp.dir, 'site');
    mkdirSync(src);
    writeFileSync(join(src, 'index.html'), 'initial\n');
    const rule: ComposeWatchRule = {
      action: 'sync',
      path: src,
      target: '/www/site',
      ignore: ['*.tmp', 'cache'],
      initialSync: true,
      location: { file: '/dev/null', line: 1, column: 1 },
    };
    const web = httpdSpec('web', port, { developWatch: [rule] });
    const config = stackOf(`sp-sync-${port}`, tmp.dir, [web]);
    engine = createStackEngine(config, { output: quiet, runDir: join(tmp.dir, '.stackpilot') });
    const up = await engine.up(['web']);
    assert.ok(up.ok, up.failures.join('; '));
    const id = engine.status()[0].instanceId!;
    const startedAt = execFileSync('docker', ['inspect', '-f', '{{.State.StartedAt}}', id], { encoding: 'utf8' }).trim();

    watch = await watchStack(engine, config, ['web'], quiet);
    assert.equal(await execCat(id, '/www/site/index.html'), 'initial\n', 'initial_sync copied what was there');

    writeFileSync(join(src, 'skip.tmp'), 'ignored\n');
    mkdirSync(join(src, 'cache'));
    writeFileSync(join(src, 'cache', 'x.js'), 'ignored\n');
    mkdirSync(join(src, 'js'));
    writeFileSync(join(src, 'index.html'), 'edited\n');
    await waitFor('the edit in the container', async () => (await execCat(id, '/www/site/index.html')) === 'edited\n', 60_000);
    writeFileSync(join(src, 'js', 'app.js'), 'console.log(1)\n');
    await waitFor(
      'a file in a new folder in the container',
      async () => (await execCat(id, '/www/site/js/app.js')) === 'console.log(1)\n',
      60_000,
    );
    await watch!.idle();

    assert.equal(await execCat(id, '/www/site/skip.tmp'), undefined);
    assert.equal(await execCat(id, '/www/site/cache/x.js'), undefined);
    const s = engine.status()[0];
    assert.equal(s.instanceId, id, 'the same container');
    assert.equal(s.restarts, 0);
    assert.equal(
      execFileSync('docker', ['inspect', '-f', '{{.State.StartedAt}}', id], { encoding: 'utf8' }).trim(),
      startedAt,
      'not restarted',
    );
    assert.ok(s.state === 'healthy', s.state);
  });

  it('a rename-save reaches the container, and a put that fails (simulated engine timeout) is tried again with a save made while it was in flight', async () => {
    tmp = tempDir('sp-sync-retry-');
    const port = await freePort();
    const src = join(tmp.dir, 'site');
    mkdirSync(src);
    writeFileSync(join(src, 'index.html'), 'initial\n');
    const rule: ComposeWatchRule = {
      action: 'sync',
      path: src,
      target: '/www/site',
      ignore: [],
      initialSync: false,
      location: { file: '/dev/null', line: 1, column: 1 },
    };
    const web = httpdSpec('web', port, { developWatch: [rule] });
    const config = stackOf(`sp-sync-retry-${port}`, tmp.dir, [web]);
    engine = createStackEngine(config, { output: quiet, runDir: join(tmp.dir, '.stackpilot') });
    const up = await engine.up(['web']);
    assert.ok(up.ok, up.failures.join('; '));
    const id = engine.status()[0].instanceId!;

    // The only fake here: the first put of a change fails as a Docker call past its deadline does,
    // after the user saved another file; every other put is the real archive upload.
    const real = new DockerContainerSync();
    const puts: string[][] = [];
    const flaky: ContainerSync = {
      copy: async (containerId, r, files) => {
        if (files) puts.push(files);
        if (puts.length === 1 && files) {
          writeFileSync(join(src, 'other.html'), 'saved during the put\n');
          await new Promise((r2) => setTimeout(r2, 300)); // the save's event arrives while this put is in flight
          throw new DockerCallError('docker put archive: no answer from the Docker engine within 60000 ms', 'timeout');
        }
        return real.copy(containerId, r, files);
      },
    };
    watch = await watchStack(engine, config, ['web'], quiet, { sync: flaky });

    // An editor's atomic save: the new text goes to a scratch file, which is renamed over the original.
    writeFileSync(join(src, 'index.html~'), 'renamed into place\n');
    renameSync(join(src, 'index.html~'), join(src, 'index.html'));

    await waitFor(
      'the rename-saved file in the container',
      async () => (await execCat(id, '/www/site/index.html')) === 'renamed into place\n',
      60_000,
    );
    await waitFor(
      'the file saved during the failed put',
      async () => (await execCat(id, '/www/site/other.html')) === 'saved during the put\n',
      60_000,
    );
    await watch!.idle();
    assert.deepEqual(puts[0], ['index.html'], 'the scratch file is not synced');
    assert.ok(
      puts.slice(1).some((f) => f.includes('index.html') && f.includes('other.html')),
      JSON.stringify(puts),
    );
    assert.equal(engine.status()[0].instanceId, id, 'the same container');
  });
});
