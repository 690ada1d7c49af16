import { strict as assert } from 'node:assert';
import { createStackEngine } from '../../src/infra/createStackEngine';
import { containersOf, httpdSpec, removeProject, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { freePort, processSpec, tempDir } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

describe('docker services: failures are reasons, not crashes', function () {
  this.timeout(60_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-fail-');
  const saved = process.env.DOCKER_HOST;

  before(function (done) {
    requireDocker(this, done);
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });
  after(() => {
    removeProject(project);
    tmp.remove();
  });

  async function failureOf(env: string | undefined, image?: string): Promise<string> {
    if (env !== undefined) process.env.DOCKER_HOST = env;
    const spec = httpdSpec('db', await freePort(), image ? { image } : {});
    const engine = createStackEngine(stackOf(project, tmp.dir, [spec]), { runDir: tmp.dir, output: silent });
    try {
      const r = await engine.up(['db'], { timeoutMs: 20_000 });
      assert.equal(r.ok, false);
      const reason = engine.status()[0].reason ?? '';
      console.log(`      -> ${reason}`);
      return reason;
    } finally {
      await engine.down();
      engine.dispose();
    }
  }

  it('missing image and no reachable registry: the error names the image and the registry answer', async () => {
    const reason = await failureOf(undefined, 'stackpilot-test/not-there:1');
    assert.match(
      reason,
      /image stackpilot-test\/not-there:1 is not on this Docker engine and pulling it failed: .*(registry|lookup|dial|denied|not found)/i,
    );
    assert.deepEqual(containersOf(project), []);
  });

  it('bad DOCKER_HOST values say what is wrong', async () => {
    assert.match(await failureOf('localhost:2375'), /DOCKER_HOST: "localhost:2375" is not a valid Docker host/);
    assert.match(
      await failureOf(`unix://${tmp.dir}/no.sock`),
      /Docker daemon is not running: no socket at unix:\/\/.*no\.sock \(from DOCKER_HOST\)/,
    );
    const port = await freePort();
    assert.match(
      await failureOf(`tcp://127.0.0.1:${port}`),
      new RegExp(`cannot reach the Docker engine at tcp://127.0.0.1:${port} \\(from DOCKER_HOST\\): ECONNREFUSED; check DOCKER_HOST`),
    );
  });

  it('process services keep working when the daemon is unreachable', async () => {
    process.env.DOCKER_HOST = `unix://${tmp.dir}/gone.sock`;
    const port = await freePort();
    const app = processSpec('app', {
      environment: { PORT: String(port) },
      health: { probe: { kind: 'tcp', host: '127.0.0.1', port }, interval: 1000, timeout: 1000, retries: 3, startPeriod: 0 },
    });
    const mixed = createStackEngine(stackOf(project, tmp.dir, [httpdSpec('db', await freePort()), app]), {
      runDir: tmp.dir,
      output: silent,
    });
    try {
      const r = await mixed.up(['db', 'app'], { timeoutMs: 20_000 });
      const st = Object.fromEntries(mixed.status().map((s) => [s.name, s]));
      assert.equal(r.ok, false);
      assert.equal(st.db.state, 'failed');
      assert.match(st.db.reason ?? '', /not running/);
      assert.equal(st.app.state, 'healthy');
    } finally {
      await mixed.down();
      mixed.dispose();
    }
  });
});
