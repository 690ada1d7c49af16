import { strict as assert } from 'node:assert';
import type { DockerService } from '../../../src/core/config/model';
import { load, only, pos, ROOT } from './loadHelpers';

const ok = async (files: Record<string, string>, env: Record<string, string> = {}) => {
  const r = await load(files, { env });
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity !== 'info'),
    [],
  );
  return r.config!.services as Record<string, DockerService>;
};

describe('compose extends', () => {
  it('inherits from a service of the same file, by the override merge rules', async () => {
    const text = [
      'services:',
      '  base:',
      '    image: app:1',
      '    command: ["serve", "--port", "80"]',
      '    environment: { A: "1", B: "2" }',
      '    volumes: ["a:/x", "keep:/k"]',
      '    healthcheck: { test: [CMD, "true"], interval: 5s, retries: 3 }',
      '  web:',
      '    extends: base',
      '    command: ["serve", "--port", "81"]',
      '    environment: { B: "3", C: "4" }',
      '    volumes: ["b:/x", "c:/y"]',
      '    healthcheck: { retries: 9 }',
      '  worker:',
      '    extends: { service: web }',
      '    labels: { role: worker }',
      '',
    ].join('\n');
    const s = await ok({ 'compose.yaml': text });
    assert.equal(s.web.image, 'app:1');
    assert.deepEqual(s.web.command, ['serve', '--port', '81']);
    assert.deepEqual(s.web.environment, { A: '1', B: '3', C: '4' });
    assert.deepEqual(
      s.web.volumes.map((v) => `${v.source}:${v.target}`),
      ['b:/x', 'keep:/k', 'c:/y'],
      'volumes merge by target',
    );
    assert.deepEqual([s.web.composeHealthcheck!.interval, s.web.composeHealthcheck!.retries], [5000, 9]);
    assert.deepEqual(s.worker.environment, { A: '1', B: '3', C: '4' }, 'chains');
    assert.equal(s.base.environment.C, undefined, 'the base is not changed');
    assert.deepEqual(pos({ location: s.web.location } as never), { line: 8, column: 3 });
  });

  it('inherits from another file, whose relative paths stay relative to its own folder', async () => {
    const common =
      'services:\n  tpl:\n    image: ${IMG:-lib:2}\n    env_file: ./common.env\n    volumes: ["./data:/data", "named:/named"]\n    labels: [team=core]\n';
    const text = 'services:\n  app:\n    extends: { file: shared/common.yaml, service: tpl }\n    labels: [tier=web]\n';
    const s = await ok({ 'compose.yaml': text, 'shared/common.yaml': common, 'shared/common.env': 'FROM_FILE=yes\n' });
    assert.equal(s.app.image, 'lib:2');
    assert.deepEqual(s.app.environment, { FROM_FILE: 'yes' });
    assert.deepEqual(s.app.labels, { team: 'core', tier: 'web' });
    assert.deepEqual(
      s.app.volumes.map((v) => [v.type, v.source, v.target]),
      [
        ['bind', `${ROOT}/shared/data`, '/data'],
        ['volume', 'named', '/named'],
      ],
    );
    assert.equal(Object.keys(s).join(), 'app', "the other file's services are not part of the project");
  });

  it('locates an unknown base service, a missing file and a cycle', async () => {
    const unknown = await load({ 'compose.yaml': 'services:\n  a:\n    extends: bse\n    image: x\n  base: { image: y }\n' });
    const d = only(unknown, 'bad-extends');
    assert.match(d.message, /extends `bse`, which is not a service\. Did you mean `base`\?/);
    assert.deepEqual(pos(d), { line: 3, column: 14 });
    const missing = await load({ 'compose.yaml': 'services:\n  a:\n    extends: { file: nope.yaml, service: x }\n    image: x\n' });
    assert.match(only(missing, 'missing-file').message, /nope\.yaml, which does not exist/);
    const cycle = await load({ 'compose.yaml': 'services:\n  a: { extends: b, image: x }\n  b: { extends: a }\n' });
    assert.match(cycle.diagnostics.find((x) => x.code === 'extends-cycle')!.message, /extends itself through/);
  });
});

describe('compose include', () => {
  it("adds the included files' services and networks, their relative paths resolved in their own folder", async () => {
    const text =
      'include:\n  - infra/db.yaml\n  - { path: cache.yaml }\nservices:\n  api: { image: api, depends_on: [db, cache], networks: [back] }\n';
    const db =
      'include: [nested.yaml]\nservices:\n  db: { image: "pg:${PG:-15}", volumes: ["./data:/var/lib/pg"], networks: [back] }\nnetworks:\n  back: { internal: true }\n';
    const s = await ok({
      'compose.yaml': text,
      'infra/db.yaml': db,
      'infra/nested.yaml': 'services:\n  tool: { image: t }\n',
      'cache.yaml': 'services:\n  cache: { image: redis }\n',
    });
    assert.deepEqual(Object.keys(s).sort(), ['api', 'cache', 'db', 'tool']);
    assert.equal(s.db.image, 'pg:15');
    assert.deepEqual(
      s.db.volumes.map((v) => v.source),
      [`${ROOT}/infra/data`],
    );
    assert.equal(s.api.networks![0].network.internal, true);
    assert.equal(s.db.location.file, `${ROOT}/infra/db.yaml`);
  });

  it('a service defined twice, a missing file and a cycle are located errors', async () => {
    const conflict = await load({
      'compose.yaml': 'include: [b.yaml]\nservices:\n  a: { image: x }\n',
      'b.yaml': 'services:\n  a: { image: y }\n',
    });
    const d = only(conflict, 'include-conflict');
    assert.match(d.message, /`services\.a` is defined here and in b\.yaml/);
    assert.deepEqual(pos(d), { line: 3, column: 3 });
    assert.match(
      only(await load({ 'compose.yaml': 'include: [nope.yaml]\nservices: {}\n' }), 'missing-file').message,
      /`include` names .*nope\.yaml/,
    );
    const cycle = await load({ 'compose.yaml': 'include: [b.yaml]\nservices: {}\n', 'b.yaml': 'include: [compose.yaml]\nservices: {}\n' });
    assert.ok(
      cycle.diagnostics.some((x) => x.code === 'include-cycle'),
      JSON.stringify(cycle.diagnostics),
    );
  });
});
