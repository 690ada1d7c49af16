import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { containersOf, dockerCli, IMAGE, removeProject, requireDocker, uniqueProject } from './dockerKit';
import { tempDir } from './testKit';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');

/**
 * A container killed while nobody supervises it (`up --wait` handed it over) is still there with
 * its exit code: `status` says so and changes nothing (it used to remove the container and call the
 * service `stopped`); `down` then removes it.
 */
describe('a container that ended while nobody watched (dist/cli.js, real engine)', function () {
  this.timeout(120_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-exited-');

  before(function (done) {
    if (!existsSync(cli)) return done(new Error('dist/cli.js is missing: run `npm run build` first'));
    requireDocker(this, done);
  });
  after(() => {
    spawnSync(process.execPath, [cli, 'down'], { cwd: tmp.dir, stdio: 'ignore', timeout: 60_000 });
    removeProject(project);
    tmp.remove();
  });

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], {
      cwd: tmp.dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('status reads exited with code 137 and removes nothing; down removes it and says so (not `stopped`)', () => {
    const svc = (n: string) =>
      `  ${n}:\n    image: ${IMAGE}\n    command: ["sleep", "600"]\n    network_mode: host\n    stop_grace_period: 1s\n`;
    writeFileSync(path.join(tmp.dir, 'compose.yaml'), `name: ${project}\nservices:\n${svc('web')}${svc('app')}`);
    const up = run('up', '--wait');
    assert.equal(up.status, 0, up.stdout + up.stderr);
    assert.equal(containersOf(project).length, 2);
    const app = dockerCli([
      'ps',
      '-q',
      '--no-trunc',
      '--filter',
      `label=dev.stackpilot.project=${project}`,
      '--filter',
      'label=dev.stackpilot.service=app',
    ]).trim();
    assert.ok(app, 'the app container runs');
    dockerCli(['kill', app]);
    for (const args of [['status'], ['status', '--json']]) {
      const status = run(...args);
      if (args.length === 1) assert.match(status.stdout, /app\s+exited\s+with code 137/, status.stdout + status.stderr);
      else {
        const view = JSON.parse(status.stdout) as { services: { name: string; state: string; exitCode: number | null }[] };
        const s = view.services.find((x) => x.name === 'app');
        assert.deepEqual([s?.state, s?.exitCode], ['exited', 137], status.stdout);
      }
      assert.equal(containersOf(project).length, 2, 'status removed nothing');
    }
    const down = run('down');
    assert.equal(down.status, 0, down.stdout + down.stderr);
    // What it did, not what it was asked: the exited one was removed, not stopped.
    assert.match(down.stdout, /^stopped web$/m, down.stdout);
    assert.match(down.stdout, /^removed app \(had exited with code 137\)$/m, down.stdout);
    assert.doesNotMatch(down.stdout + down.stderr, /stopped app|app: stopped/, down.stdout + down.stderr);
    assert.deepEqual(containersOf(project), []);
  });
});
