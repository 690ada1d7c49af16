import { strict as assert } from 'node:assert';
import { isComposeFile } from '../../../src/core/config/isComposeFile';
import type { DockerService } from '../../../src/core/config/model';
import { selectServices } from '../../../src/core/config/selectServices';
import { load, only, pos } from './loadHelpers';

describe('compose rules users rely on', () => {
  it('coerces numbers and booleans from variables where the spec expects them', async () => {
    const text = [
      'services:',
      '  a:',
      '    image: x',
      '    init: ${USE_INIT:-true}',
      '    healthcheck: { test: [CMD, "true"], retries: "${HEALTHCHECK_RETRIES}", disable: "${NO_HC:-false}" }',
      '    depends_on: { b: { condition: service_started, required: "${B_REQUIRED:-false}" } }',
      '  b: { image: y, cpus: "${CPUS:-0.5}", healthcheck: { test: [CMD, "true"], retries: "${R:-5}" } }',
      '',
    ].join('\n');
    const r = await load({ 'compose.yaml': text }, { env: { HEALTHCHECK_RETRIES: '7' } });
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const a = r.config!.services.a as DockerService;
    const b = r.config!.services.b as DockerService;
    assert.deepEqual(
      [a.composeHealthcheck!.retries, a.health!.retries, a.composeHealthcheck!.disable, (a.extensions.compose as { init: unknown }).init],
      [7, 7, false, true],
    );
    assert.equal(a.dependsOn[0].required, false);
    assert.deepEqual([b.composeHealthcheck!.retries, b.cpus], [5, 0.5]);
  });

  it('a variable that is not a number is still a located error', async () => {
    const text = 'services:\n  a: { image: x, healthcheck: { test: [CMD, "true"], retries: "${R}" } }\n';
    const d = only(await load({ 'compose.yaml': text }, { env: { R: 'many' } }), 'wrong-type');
    assert.match(d.message, /retries` must be a number, got string "many"/);
    assert.deepEqual(pos(d), { line: 2, column: 63 });
  });

  it('COMPOSE_PROFILES from the environment or .env selects profiles (several, comma-separated)', async () => {
    const text = 'services:\n  web: { image: w }\n  debug: { image: d, profiles: [debug] }\n  mon: { image: m, profiles: [monitoring] }\n';
    const fromDotenv = await load({ 'compose.yaml': text, '.env': 'COMPOSE_PROFILES=debug,monitoring\n' });
    assert.equal(fromDotenv.config!.envProfiles, 'debug,monitoring');
    assert.deepEqual(selectServices(fromDotenv.config!, {}).services.sort(), ['debug', 'mon', 'web']);
    const fromEnv = await load({ 'compose.yaml': text, '.env': 'COMPOSE_PROFILES=debug\n' }, { env: { COMPOSE_PROFILES: 'monitoring' } });
    assert.deepEqual(selectServices(fromEnv.config!, {}).services.sort(), ['mon', 'web']);
    assert.deepEqual(selectServices(fromEnv.config!, { profile: 'debug' }).services.sort(), ['debug', 'web'], '--profile wins');
    const unknown = await load({ 'compose.yaml': text, '.env': 'COMPOSE_PROFILES=mongodb,debug\n' });
    assert.deepEqual(
      selectServices(unknown.config!, {}),
      { services: ['web', 'debug'], errors: [] },
      'a profile the file does not have is skipped, as compose does',
    );
  });

  it('an unknown profile is an error that lists the known ones', async () => {
    const r = await load({ 'compose.yaml': 'services:\n  a: { image: x, profiles: [errors, debug] }\n  b: { image: y }\n' });
    const sel = selectServices(r.config!, { profile: 'errors-only' });
    assert.equal(sel.errors.length, 1);
    assert.match(sel.errors[0], /Unknown profile `errors-only`\. .*Profiles of this stack: `errors`, `debug`\./);
  });

  it('a service with errors is still defined for its dependents: no cascade, cycles still found', async () => {
    const text =
      'services:\n  a:\n    image: x\n    comand: y\n    depends_on: [b]\n  b:\n    depends_on: [a]\n  c: { image: z, depends_on: { b: { condition: service_healthy } } }\n';
    const r = await load({ 'compose.yaml': text });
    assert.deepEqual(
      r.diagnostics
        .filter((d) => d.severity !== 'info')
        .map((d) => d.code)
        .sort(),
      ['dependency-cycle', 'no-image', 'unknown-key'],
    );
    assert.equal(r.config, undefined);
  });

  it('tells compose files from stack files by name, then by their keys', () => {
    for (const f of [
      'compose.yaml',
      'docker-compose.yml',
      'docker-compose.override.yml',
      'compose.prod.yaml',
      'app.compose.yml',
      'x/docker-compose-dev.yaml',
    ])
      assert.ok(isComposeFile(f, undefined), f);
    for (const f of ['stackpilot.yaml', 'stack.yml', 'composer.yaml']) assert.ok(!isComposeFile(f, undefined), f);
    assert.ok(isComposeFile('infra.yml', 'services:\n  a:\n    image: x\n    depends_on: [b]\n'));
    assert.ok(isComposeFile('infra.yml', 'version: "3"\nservices: {}\n'));
    assert.ok(isComposeFile('infra.yml', 'services:\n  a: { image: x, depends_on: [b] }\n'), 'flow style');
    assert.ok(!isComposeFile('infra.yml', 'services:\n  a:\n    command: x\n    dependsOn: [b]\n'));
    assert.ok(!isComposeFile('stackpilot.yaml', 'services:\n  a:\n    depends_on: [b]\n'));
  });
});

describe('compose secrets and configs', () => {
  it('mounts file-based secrets under /run/secrets and configs at their targets, read-only', async () => {
    const text = [
      'services:',
      '  db:',
      '    image: x',
      '    secrets: [db-password, { source: api-key, target: key.txt }]',
      '    configs: [nginx, { source: nginx, target: /etc/nginx/nginx.conf }]',
      'secrets:',
      '  db-password: { file: ./secrets/db.txt }',
      '  api-key: { file: /work/proj/k/key }',
      'configs:',
      '  nginx: { file: nginx.conf }',
      '',
    ].join('\n');
    const r = await load({ 'compose.yaml': text, 'secrets/db.txt': 'pw', 'nginx.conf': 'x', 'k/key': 'k' });
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const db = r.config!.services.db as DockerService;
    assert.deepEqual(
      db.volumes.map((v) => [v.source, v.target, v.readOnly]),
      [
        ['/work/proj/secrets/db.txt', '/run/secrets/db-password', true],
        ['/work/proj/k/key', '/run/secrets/key.txt', true],
        ['/work/proj/nginx.conf', '/nginx', true],
        ['/work/proj/nginx.conf', '/etc/nginx/nginx.conf', true],
      ],
    );
  });

  it('an undefined secret is a located error; a missing file and environment secrets are warnings', async () => {
    const text =
      'services:\n  a: { image: x, secrets: [pw, tok, envd] }\nsecrets:\n  pw: { file: nope.txt }\n  token: { file: t.txt }\n  envd: { environment: TOKEN }\n';
    const r = await load({ 'compose.yaml': text, 't.txt': 't' });
    assert.match(only(r, 'undefined-secret').message, /`tok`, which is not defined\. Did you mean `token`\?/);
    const missing = only(r, 'missing-file');
    assert.match(missing.message, /nope\.txt, which does not exist/);
    assert.deepEqual(pos(missing), { line: 4, column: 15 });
    assert.match(only(r, 'unsupported').message, /uses `environment`, which Stackpilot cannot mount yet/);
    assert.equal(missing.severity, 'warning');
  });
});
