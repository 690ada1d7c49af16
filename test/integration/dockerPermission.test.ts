import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { IMAGE, requireDocker } from './dockerKit';
import { tempDir } from './testKit';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const SOCKET = '/var/run/docker.sock';

/** uid/gid of `nobody`, or undefined. */
function nobody(): { uid: number; gid: number } | undefined {
  const r = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' });
  return r.status === 0 && g.status === 0 ? { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) } : undefined;
}

/**
 * Root ignores socket permissions, so the real "permission denied" case is run as another user:
 * the built CLI as `nobody` (not in the docker group) against the engine's root:docker 0660 socket.
 */
describe('docker services: permission denied on the socket (the CLI run as a user outside the docker group)', function () {
  this.timeout(60_000);
  const tmp = tempDir('sp-docker-perm-');

  before(function (done) {
    requireDocker(this, (err) => {
      if (err) return done(err);
      const who = nobody();
      const why =
        userInfo().uid !== 0
          ? 'needs root to switch to nobody'
          : !who
            ? 'no user nobody'
            : !existsSync(cli)
              ? 'dist/cli.js not built (npm run build)'
              : (statSync(SOCKET).mode & 0o006) !== 0
                ? `${SOCKET} is open to everyone`
                : spawnSync('setpriv', ['--version']).status !== 0
                  ? 'no setpriv'
                  : undefined;
      if (why) {
        console.log(`    (skipped: ${why})`);
        this.skip();
      }
      done();
    });
  });
  after(() => tmp.remove());

  it('says which case it is and how to fix it, naming the socket', () => {
    const who = nobody()!;
    writeFileSync(
      path.join(tmp.dir, 'stackpilot.yaml'),
      `name: perm-test\nservices:\n  db:\n    image: ${IMAGE}\n    command: ["sleep", "100"]\n`,
    );
    chownSync(tmp.dir, who.uid, who.gid);
    // The checkout may sit in a folder `nobody` cannot enter (a mktemp -d clone is 0700): run a copy of the bundle.
    const bundle = path.join(tmp.dir, 'dist');
    cpSync(path.dirname(cli), bundle, { recursive: true });
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.dir, NO_COLOR: '1', DOCKER_HOST: `unix://${SOCKET}` };
    const r = spawnSync(
      'setpriv',
      [`--reuid=${who.uid}`, `--regid=${who.gid}`, '--clear-groups', process.execPath, path.join(bundle, 'cli.js'), 'up', '--wait'],
      { cwd: tmp.dir, env, encoding: 'utf8', timeout: 30_000 },
    );
    const out = `${r.stdout}${r.stderr}`;
    console.log(`      exit ${r.status}: ${out.split('\n').find((l) => l.includes('permission denied')) ?? out}`);
    assert.notEqual(r.status, 0);
    assert.match(
      out,
      /db\s+failed\s+could not start: permission denied on the Docker socket unix:\/\/\/var\/run\/docker\.sock \(from DOCKER_HOST\): add your user to the docker group/,
    );
  });
});
