import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComposeWatchRule } from '../../src/core/config/model';
import { createStackEngine, type StackEngine } from '../../src/infra/createStackEngine';
import { watchStack, type StackWatch } from '../../src/infra/watch/watchStack';
import { httpdSpec, requireDocker, stackOf } from './dockerKit';
import { freePort, tempDir, waitFor } from './testKit';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function execCat(id: string, file: string): string | undefined {
  try {
    return execFileSync('docker', ['exec', id, 'cat', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
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
    assert.equal(execCat(id, '/www/site/index.html'), 'initial\n', 'initial_sync copied what was there');

    writeFileSync(join(src, 'skip.tmp'), 'ignored\n');
    mkdirSync(join(src, 'cache'));
    writeFileSync(join(src, 'cache', 'x.js'), 'ignored\n');
    mkdirSync(join(src, 'js'));
    writeFileSync(join(src, 'index.html'), 'edited\n');
    await waitFor('the edit in the container', () => execCat(id, '/www/site/index.html') === 'edited\n', 60_000);
    writeFileSync(join(src, 'js', 'app.js'), 'console.log(1)\n');
    await waitFor('a file in a new folder in the container', () => execCat(id, '/www/site/js/app.js') === 'console.log(1)\n', 60_000);
    await watch!.idle();

    assert.equal(execCat(id, '/www/site/skip.tmp'), undefined);
    assert.equal(execCat(id, '/www/site/cache/x.js'), undefined);
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
});
