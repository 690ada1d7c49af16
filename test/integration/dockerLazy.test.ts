import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** The extension must activate without touching Docker: dockerode (~1.9 MB) loads only when a docker service starts. */
describe('dockerode is loaded lazily', () => {
  it('building an engine for a stack with docker services does not load dockerode; connecting does', () => {
    const script = `
      const { createStackEngine } = require('./src/infra/createStackEngine');
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('/node_modules/dockerode/'));
      const svc = { kind: 'docker', name: 'db', image: 'x', location: { file: 'f', line: 1, column: 1 }, dependsOn: [], restart: { policy: 'no', backoffInitial: 1, backoffMax: 1, crashLoopCount: 5, crashLoopWindow: 1 }, ports: [], profiles: [], environment: {}, stopGracePeriod: 1000, extensions: {}, volumes: [], labels: {} };
      const engine = createStackEngine({ name: 'lazy', root: '/tmp', files: [], services: { db: svc }, profiles: {}, extensions: {} }, { output: { debug() {}, info() {}, warn() {}, error() {} } });
      const before = loaded();
      engine.dispose();
      require('./src/infra/docker/connectDocker').connectDocker({ kind: 'unix', socketPath: '/nonexistent.sock', source: 'test' });
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), { before: false, after: true });
  });
});
