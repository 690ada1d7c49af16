import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import type { DockerService, NetworkDef } from '../../src/core/config/model';
import { createStackEngine } from '../../src/infra/createStackEngine';
import { containersOf, dockerCli, IMAGE, removeProject, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { serviceBase, tempDir } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

/** Which of these networks exist on the engine now. */
const existing = (names: string[]) => {
  const all = new Set(dockerCli(['network', 'ls', '--format', '{{.Name}}']).split('\n'));
  return names.filter((n) => all.has(n)).sort();
};

/**
 * A full down (the editor's Stop, `stackpilot down`) removes the project networks it created, as
 * `docker compose down` does, and nothing else: not an external network, not a network someone
 * else labelled with the project, not another project's, not one a container of another tool is on.
 */
describe('docker: down removes the networks it created, and only those', function () {
  this.timeout(120_000);
  const project = uniqueProject();
  const other = uniqueProject();
  const tmp = tempDir('sp-netdown-');
  const foreign = `${project}-foreign`;
  const names = {
    default: `${project}_default`,
    back: `${project}_back`,
    ext: `${project}-ext`,
    forged: `${project}_forged`,
    fake: `${project}_fake`,
    other: `${other}_default`,
  };

  before(function (done) {
    requireDocker(this, done);
  });
  after(() => {
    spawnSync('docker', ['rm', '-f', foreign], { stdio: 'ignore' });
    removeProject(project);
    removeProject(other);
    for (const n of existing(Object.values(names))) dockerCli(['network', 'rm', n]);
    tmp.remove();
  });

  it('keeps external, forged, foreign-used and other projects’ networks; Restricted Mode removes only this stack’s', async () => {
    const label = (k: string, v: string) => ['--label', `${k}=${v}`];
    // An external network that even carries the project's labels (created by hand or by an earlier config): used, never removed.
    dockerCli(['network', 'create', ...label('dev.stackpilot.project', project), ...label('dev.stackpilot.network', 'ext'), names.ext]);
    // The project label without the network key: not something Stackpilot created.
    dockerCli(['network', 'create', ...label('dev.stackpilot.project', project), names.forged]);
    // Both labels but not this stack's id: a normal down takes it for ours, Restricted Mode does not.
    dockerCli(['network', 'create', ...label('dev.stackpilot.project', project), ...label('dev.stackpilot.network', 'fake'), names.fake]);
    dockerCli(['network', 'create', ...label('dev.stackpilot.project', other), ...label('dev.stackpilot.network', 'default'), names.other]);

    const net = (key: string, over: Partial<NetworkDef> = {}): NetworkDef => ({ key, external: false, internal: false, ...over });
    const sleeper = (name: string, networks: DockerService['networks']): DockerService => ({
      ...serviceBase(name),
      kind: 'docker',
      image: IMAGE,
      command: ['sleep', '600'],
      volumes: [],
      labels: {},
      networks,
      extensions: { compose: { init: true } },
      stopGracePeriod: 1000,
    });
    const config = stackOf(project, tmp.dir, [
      sleeper('a', [
        { network: net('default'), aliases: [] },
        { network: net('back'), aliases: [] },
      ]),
      sleeper('b', [{ network: net('ext', { external: true, name: names.ext }), aliases: [] }]),
    ]);
    const up = async () => {
      const engine = createStackEngine(config, { runDir: tmp.dir, output: silent });
      const r = await engine.up(['a', 'b'], { timeoutMs: 60_000 });
      engine.dispose();
      assert.ok(r.ok, r.failures.join('; '));
    };
    const down = async (restricted = false) => {
      const notes: string[] = [];
      const engine = createStackEngine(config, { runDir: tmp.dir, output: silent, restricted });
      try {
        await engine.down(undefined, { onNote: (n) => notes.push(n) });
      } finally {
        engine.dispose();
      }
      return notes;
    };

    await up();
    assert.deepEqual(existing([names.default, names.back]), [names.back, names.default]);
    // Restricted Mode: the stack's own containers stop; its own networks go; a network without this stack's id stays.
    assert.deepEqual(await down(true), [`removed networks ${[names.back, names.default].join(', ')}`]);
    assert.deepEqual(containersOf(project), []);
    assert.deepEqual(existing(Object.values(names)), [names.ext, names.fake, names.forged, names.other].sort());

    await up();
    // Another tool's container (stopped, never started) joined to the project's `back` network.
    dockerCli(['create', '--name', foreign, '--network', names.back, IMAGE, 'sleep', '1']);
    const notes = await down();
    assert.deepEqual(notes, [
      `removed networks ${names.default}, ${names.fake}`,
      `kept networks in use: ${names.back} (in use by container ${foreign}, not of this stack)`,
    ]);
    assert.deepEqual(existing(Object.values(names)), [names.back, names.ext, names.forged, names.other].sort());

    dockerCli(['rm', '-f', foreign]);
    assert.deepEqual(await down(), [`removed networks ${names.back}`]);
    assert.deepEqual(existing(Object.values(names)), [names.ext, names.forged, names.other].sort());
  });
});
