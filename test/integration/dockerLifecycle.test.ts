import { strict as assert } from 'node:assert';
import { createStackEngine } from '../../src/infra/createStackEngine';
import { containersOf, httpdSpec, removeProject, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { freePort, tempDir } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

describe('docker services: adopt and recreate across supervisor restarts', function () {
  this.timeout(60_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-life-');

  before(function (done) {
    requireDocker(this, done);
  });
  after(() => {
    removeProject(project);
    tmp.remove();
  });

  it('a fresh engine adopts the running container (same id, no restart); a changed config recreates it', async () => {
    const port = await freePort();
    const web = httpdSpec('web', port);
    const first = createStackEngine(stackOf(project, tmp.dir, [web]), { runDir: tmp.dir, output: silent });
    assert.ok((await first.up(['web'], { timeoutMs: 30_000 })).ok);
    const id = first.status()[0].instanceId!;
    first.dispose(); // the supervisor goes away; the container keeps running

    const second = createStackEngine(stackOf(project, tmp.dir, [web]), { runDir: tmp.dir, output: silent });
    const t0 = Date.now();
    assert.ok((await second.up(['web'], { timeoutMs: 30_000 })).ok);
    const s = second.status()[0];
    console.log(`      adopted and healthy in ${Date.now() - t0} ms`);
    assert.equal(s.instanceId, id);
    assert.equal(s.adopted, true);
    assert.deepEqual(containersOf(project), [id.slice(0, 12)]);
    second.dispose();

    const changed = httpdSpec('web', port, { environment: { GREETING: 'changed' } });
    const third = createStackEngine(stackOf(project, tmp.dir, [changed]), { runDir: tmp.dir, output: silent });
    try {
      assert.ok((await third.up(['web'], { timeoutMs: 30_000 })).ok);
      const now = third.status()[0];
      assert.notEqual(now.instanceId, id);
      assert.equal(now.adopted, false);
      assert.deepEqual(containersOf(project), [now.instanceId!.slice(0, 12)]);
    } finally {
      await third.down();
      third.dispose();
    }
    assert.deepEqual(containersOf(project), []);
  });

  it('a running container of the same config is found by its labels even when the state file lost it', async () => {
    const port = await freePort();
    const web = httpdSpec('web', port);
    const first = createStackEngine(stackOf(project, tmp.dir, [web]), { runDir: `${tmp.dir}/a`, output: silent });
    assert.ok((await first.up(['web'], { timeoutMs: 30_000 })).ok);
    const id = first.status()[0].instanceId!;
    first.dispose();
    const second = createStackEngine(stackOf(project, tmp.dir, [web]), { runDir: `${tmp.dir}/b`, output: silent });
    try {
      assert.ok((await second.up(['web'], { timeoutMs: 30_000 })).ok);
      assert.equal(second.status()[0].instanceId, id);
    } finally {
      await second.down();
      second.dispose();
    }
    assert.deepEqual(containersOf(project), []);
  });
});
