import { strict as assert } from 'node:assert';
import type { DockerService } from '../../../src/core/config/model';
import { corpusCase } from './corpusFs';
import { loadStack } from '../../../src/core/config/loadStack';
import { load } from './loadHelpers';

const base = [
  'services:',
  '  app:',
  '    image: app',
  '    ports: ["8080:80"]',
  '    environment: { FOO: bar, KEEP: yes }',
  '    command: [serve]',
  '  backup:',
  '    image: backup',
  '',
].join('\n');

const errors = (r: Awaited<ReturnType<typeof load>>) => r.diagnostics.filter((d) => d.severity === 'error');

describe('compose merge tags !reset and !override (Compose Specification, merge)', () => {
  it('!reset in an override removes what the base set: a list, a map, a whole service', async () => {
    const over = 'services:\n  app:\n    ports: !reset []\n    environment: !reset {}\n  backup: !reset null\n';
    const r = await load({ 'compose.yaml': base, 'compose.override.yaml': over });
    assert.deepEqual(errors(r), []);
    const app = r.config!.services.app as DockerService;
    assert.deepEqual(app.ports, []);
    assert.deepEqual(app.environment, {});
    assert.deepEqual(Object.keys(r.config!.services), ['app']);
  });

  it('!override replaces a list or map instead of merging into it', async () => {
    const over = 'services:\n  app:\n    ports: !override ["9090:90"]\n    environment: !override { ONLY: this }\n';
    const r = await load({ 'compose.yaml': base, 'compose.override.yaml': over });
    assert.deepEqual(errors(r), []);
    const app = r.config!.services.app as DockerService;
    assert.deepEqual(
      app.ports.map((p) => [p.port, p.target]),
      [[9090, 90]],
    );
    assert.deepEqual(app.environment, { ONLY: 'this' });
  });

  it('without the tags an override still merges (ports appended, environment merged)', async () => {
    const over = 'services:\n  app:\n    ports: ["9090:90"]\n    environment: { ONLY: this }\n';
    const app = (await load({ 'compose.yaml': base, 'compose.override.yaml': over })).config!.services.app as DockerService;
    assert.equal(app.ports.length, 2);
    assert.deepEqual(app.environment, { FOO: 'bar', KEEP: 'yes', ONLY: 'this' });
  });

  it('a value tagged !reset in a single file is left out, not read as the string "null" (corpus 104, bookwyrm dev override)', async () => {
    const c = corpusCase('rejected', '104');
    const r = await loadStack({ root: c.root, env: {}, fs: c.fs });
    assert.ok(!r.diagnostics.some((d) => /db-backup-job/.test(d.message)), 'db-backup-job is reset, not an error');
    // Still an override on its own: the services it completes have no image here (v2 says so too).
    assert.ok(errors(r).some((d) => d.code === 'no-image'));
  });
});

describe('compose merge tags in a file that `extends` names', () => {
  it('a !reset value there is left out, not read as a value', async () => {
    const common = 'services:\n  base:\n    image: base\n    ports: !reset []\n    environment: { A: "1" }\n';
    const main = 'services:\n  app:\n    extends: { file: common.yaml, service: base }\n';
    const r = await load({ 'compose.yaml': main, 'common.yaml': common });
    assert.deepEqual(errors(r), []);
    const app = r.config!.services.app as DockerService;
    assert.deepEqual(app.ports, []);
    assert.deepEqual(app.environment, { A: '1' });
  });
});
