import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { containersOf, removeProject, requireDocker, uniqueProject } from './dockerKit';
import { freePort, tempDir } from './testKit';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');

/** examples/compose through the built CLI, in a copy with its own project name and free ports. */
describe('examples/compose through the CLI on the real engine', function () {
  this.timeout(90_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-compose-');
  let env: NodeJS.ProcessEnv;
  const hasCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

  before(function (done) {
    if (!existsSync(cli)) {
      console.log('    (skipped: dist/cli.js missing; run npm run build)');
      this.skip();
    }
    requireDocker(this, done);
  });
  before(async () => {
    writeFileSync(path.join(tmp.dir, 'docker-compose.yml'), readFileSync(path.join(root, 'examples/compose/docker-compose.yml'), 'utf8'));
    writeFileSync(path.join(tmp.dir, '.env'), `COMPOSE_PROJECT_NAME=${project}\n`);
    env = {
      ...process.env,
      NO_COLOR: '1',
      DB_PORT: String(await freePort()),
      CACHE_PORT: String(await freePort()),
      API_PORT: String(await freePort()),
    };
  });
  after(() => {
    if (hasCompose) spawnSync('docker-compose', ['down', '-v', '-t', '1'], { cwd: tmp.dir, env, stdio: 'ignore' });
    removeProject(project);
    tmp.remove();
  });

  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: tmp.dir, encoding: 'utf8', timeout: 60_000, env });
  const volumes = () =>
    spawnSync('docker', ['volume', 'ls', '-q', '--filter', `label=dev.stackpilot.project=${project}`], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean);

  it('comes up health-gated, is adopted by status, and down --volumes leaves nothing', () => {
    const up = run('up', '--wait');
    assert.equal(up.status, 0, up.stdout + up.stderr);
    assert.match(up.stdout, /api\s+healthy/);
    console.log(`      ${/up in [\d.]+ m?s/.exec(up.stdout + up.stderr)?.[0] ?? ''}`);
    assert.equal(containersOf(project).length, 3);
    assert.deepEqual(volumes(), [`${project}_dbdata`]);
    const body = spawnSync('wget', ['-q', '-O-', `http://127.0.0.1:${env.API_PORT}/health`], { encoding: 'utf8' }).stdout;
    assert.equal(body.trim(), 'ok');
    const status = run('status');
    assert.equal(status.status, 0, status.stdout + status.stderr);
    assert.match(status.stdout, /db\s+healthy/);

    const down = run('down');
    assert.equal(down.status, 0, down.stdout + down.stderr);
    assert.deepEqual(containersOf(project), []);
    assert.deepEqual(volumes(), [`${project}_dbdata`], 'a plain down keeps named volumes');
    const downV = run('down', '--volumes');
    assert.equal(downV.status, 0, downV.stdout + downV.stderr);
    assert.match(downV.stdout, new RegExp(`removed volumes ${project}_dbdata`));
    assert.deepEqual(volumes(), []);
  });

  it('recognises a stack docker-compose v1 started: uses its containers instead of duplicating them', function () {
    if (!hasCompose) {
      console.log('    (skipped: docker-compose v1 missing; run scripts/test-env.sh)');
      this.skip();
    }
    const dc = spawnSync('docker-compose', ['up', '-d'], { cwd: tmp.dir, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(dc.status, 0, dc.stderr);
    const composeIds = () =>
      spawnSync('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean);
    const before = composeIds();
    assert.equal(before.length, 3);
    const up = run('up', '--wait');
    assert.equal(up.status, 0, up.stdout + up.stderr);
    assert.match(up.stdout, /api\s+healthy/);
    assert.deepEqual(containersOf(project), [], 'no Stackpilot containers beside the compose ones');
    assert.deepEqual(composeIds().sort(), before.sort());
    const down = run('down');
    assert.equal(down.status, 0, down.stdout + down.stderr);
    assert.deepEqual(composeIds(), [], "stopped (compose's own containers are kept for compose to remove)");
  });
});
