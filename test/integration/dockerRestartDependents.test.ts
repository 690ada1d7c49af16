import { strict as assert } from 'node:assert';
import { createStackEngine } from '../../src/infra/createStackEngine';
import type { StackEngine } from '../../src/core/engine/StackEngine';
import { dockerCli, httpdSpec, IMAGE, removeProject, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { freePort, serviceBase, tempDir, waitFor } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

/** Compose `depends_on: { db: { condition: service_healthy, restart: true } }` on real containers. */
describe('docker services: depends_on restart: true', function () {
  this.timeout(120_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-restartdeps-');
  let engine: StackEngine | undefined;

  before(function (done) {
    requireDocker(this, done);
  });
  afterEach(async () => {
    await engine?.down().catch(() => undefined);
    engine?.dispose();
    engine = undefined;
    removeProject(project);
  });
  after(() => tmp.remove());

  const idOf = (name: string) => engine!.status().find((s) => s.name === name)!.instanceId;
  const settled = () => engine!.status().every((s) => s.state === 'healthy' || s.state === 'running');
  const build = async () => {
    const db = httpdSpec('db', await freePort(), {
      restart: { ...serviceBase('db').restart, policy: 'on-failure', backoffInitial: 100, backoffMax: 100 },
    });
    const sleeper = (name: string, restart: boolean) => ({
      ...serviceBase(name),
      kind: 'docker' as const,
      image: IMAGE,
      command: ['sleep', '600'],
      volumes: [],
      labels: {},
      networkMode: 'host',
      extensions: { compose: { init: true } },
      stopGracePeriod: 1000,
      dependsOn: [{ service: 'db', condition: 'healthy' as const, required: true, ...(restart ? { restart: true } : {}) }],
    });
    engine = createStackEngine(stackOf(project, tmp.dir, [db, sleeper('app', true), sleeper('plain', false)]), {
      runDir: tmp.dir,
      output: silent,
    });
    const r = await engine.up(['db', 'app', 'plain'], { timeoutMs: 60_000 });
    assert.ok(r.ok, r.failures.join('; '));
    return { app: idOf('app')!, plain: idOf('plain')!, db: idOf('db')! };
  };

  it('a restart of db replaces app (restart: true) after db is healthy again; plain keeps its container', async () => {
    const before = await build();
    await engine!.restart('db');
    await waitFor('all settled', settled, 60_000);
    const app = engine!.status().find((s) => s.name === 'app')!;
    assert.notEqual(idOf('db'), before.db);
    assert.notEqual(idOf('app'), before.app, 'app got a new container');
    assert.equal(idOf('plain'), before.plain, 'plain (no restart: true) kept its container');
    assert.ok(app.transitions.some((t) => t.to === 'stopping' && t.reason === 'restarting · db restarted'));
    const dbHealthy = engine!
      .status()[0]
      .transitions.filter((t) => t.to === 'healthy')
      .at(-1)!.at;
    assert.ok(app.transitions.filter((t) => t.to === 'starting').at(-1)!.at >= dbHealthy, 'app started after db was healthy');
    assert.equal(dockerCli(['ps', '-aq', '--filter', `id=${before.app}`]).trim(), '', 'the old app container is removed');
  });

  it('db killed from outside and brought back by its restart policy: app is restarted too', async () => {
    const before = await build();
    dockerCli(['kill', before.db]);
    await waitFor('db restarted by policy', () => idOf('db') !== undefined && idOf('db') !== before.db, 30_000);
    await waitFor('app replaced and all settled', () => idOf('app') !== before.app && settled(), 60_000);
    assert.equal(idOf('plain'), before.plain);
    assert.equal(engine!.status()[0].restarts, 1);
  });
});
