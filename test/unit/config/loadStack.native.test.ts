import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerService, ExternalService, ProcessService } from '../../../src/core/config/model';
import { load, ROOT } from './loadHelpers';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/config/rag-dev', name), 'utf8');

describe('loadStack: native stackpilot.yaml', () => {
  const files = {
    'stackpilot.yaml': fixture('stackpilot.yaml'),
    'docker-compose.yml': fixture('docker-compose.yml'),
    '.env': fixture('.env'),
    '.env.api': '',
  };

  it('reads the rag-dev example with kinds, defaults and compose imports', async () => {
    const r = await load(files, { env: { QDRANT_PORT: '7333' } });
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity !== 'warning'),
      [],
    );
    const c = r.config!;
    assert.equal(c.name, 'rag-dev');
    assert.equal(c.root, ROOT);
    assert.deepEqual(c.files, [`${ROOT}/stackpilot.yaml`, `${ROOT}/docker-compose.yml`]);
    assert.deepEqual(Object.keys(c.services), ['postgres', 'redis', 'api', 'migrate', 'qdrant', 'shared-db']);
    assert.deepEqual(c.profiles, { minimal: ['postgres', 'redis'], development: ['api'], full: ['*'] });
    assert.equal(c.defaultProfile, 'development');

    const api = c.services.api as ProcessService;
    assert.equal(api.kind, 'process');
    assert.deepEqual(api.argv, ['npm', 'run', 'dev']);
    assert.equal(api.command, undefined);
    assert.equal(api.shell, false);
    assert.equal(api.cwd, `${ROOT}/server`);
    assert.deepEqual(api.environment, { QDRANT_URL: 'http://127.0.0.1:7333', DEBUG: 'true' });
    assert.deepEqual(api.envFiles, [`${ROOT}/.env`]);
    assert.deepEqual(api.envFrom, { command: 'doppler secrets download --no-file --format env' });
    assert.deepEqual(
      api.dependsOn.map((d) => [d.service, d.condition, d.required]),
      [
        ['qdrant', 'healthy', true],
        ['migrate', 'completed', true],
        ['redis', 'started', true],
      ],
    );
    assert.deepEqual(api.health, {
      probe: { kind: 'http', url: 'http://127.0.0.1:8000/health', expectStatus: [200, 299], label: 'GET /health' },
      interval: 5000,
      timeout: 1000,
      retries: 3,
      startPeriod: 60_000,
    });
    assert.deepEqual(api.restart, {
      policy: 'on-failure',
      maxRetries: 5,
      backoffInitial: 250,
      backoffMax: 30_000,
      crashLoopCount: 5,
      crashLoopWindow: 60_000,
    });
    assert.deepEqual(
      api.ports.map(({ location: _l, ...p }) => p),
      [{ port: 8000, host: '127.0.0.1', protocol: 'tcp' }],
    );
    assert.equal(api.memoryMb, 512);
    assert.equal(api.stopGracePeriod, 10_000);
    assert.deepEqual(api.extensions, { alerts: [{ name: 'api-memory', metric: 'memory_percent', operator: '>', threshold: 80 }] });
    assert.deepEqual({ line: api.location.line, column: api.location.column }, { line: 6, column: 3 });

    const migrate = c.services.migrate as ProcessService;
    assert.equal(migrate.restart.policy, 'no');
    assert.equal(migrate.cwd, `${ROOT}/server`);

    const qdrant = c.services.qdrant as DockerService;
    assert.equal(qdrant.kind, 'docker');
    assert.equal(qdrant.image, 'qdrant/qdrant:v1.9.0');
    assert.deepEqual(
      qdrant.ports.map(({ location: _l, ...p }) => p),
      [{ port: 6333, host: '127.0.0.1', target: 6333, protocol: 'tcp' }],
    );
    assert.deepEqual(qdrant.health?.probe, { kind: 'tcp', host: '127.0.0.1', port: 6333, label: 'tcp 127.0.0.1:6333' });
    assert.deepEqual(
      [qdrant.health?.interval, qdrant.health?.timeout, qdrant.health?.retries, qdrant.health?.startPeriod],
      [5000, 2000, 3, 0],
    );

    const ext = c.services['shared-db'] as ExternalService;
    assert.equal(ext.kind, 'external');
    assert.deepEqual(ext.health?.probe, { kind: 'tcp', host: '127.0.0.1', port: 5432, label: 'tcp 127.0.0.1:5432' });
  });

  it('imports compose services with compose semantics, and a same-named native entry extends them', async () => {
    const c = (await load(files)).config!;
    const pg = c.services.postgres as DockerService;
    assert.equal(pg.kind, 'docker');
    assert.equal(pg.composeProject, 'proj');
    assert.deepEqual(pg.environment, { POSTGRES_PASSWORD: 'from-dotenv' });
    assert.deepEqual(
      pg.ports.map((p) => [p.host, p.port, p.target]),
      [['127.0.0.1', 5433, 5432]],
    );
    assert.deepEqual(pg.composeHealthcheck, { test: ['CMD-SHELL', 'pg_isready -U postgres'], interval: 2000, retries: 10 });
    assert.deepEqual(pg.health, {
      probe: { kind: 'exec', command: 'pg_isready -U postgres', in: 'container', label: 'pg_isready -U postgres' },
      interval: 2000,
      timeout: 30_000,
      retries: 10,
      startPeriod: 0,
    });

    const redis = c.services.redis as DockerService;
    assert.equal(redis.kind, 'docker');
    assert.equal(redis.image, 'redis:7');
    assert.deepEqual(redis.environment, { MODE: 'cache', EXTRA: '1' });
    assert.deepEqual(redis.health?.probe, { kind: 'exec', command: 'redis-cli ping', in: 'container', label: 'redis-cli ping' });
    assert.equal(redis.health?.interval, 1000);
    assert.deepEqual(redis.extensions, {
      alerts: [{ name: 'redis-restarts', metric: 'restarts', operator: '>', threshold: 3, keepFiringFor: '1h' }],
    });
    assert.equal(redis.location.file, `${ROOT}/stackpilot.yaml`);
  });

  it('the process env wins over .env for interpolation', async () => {
    const c = (await load(files, { env: { PG_PASSWORD: 'from-shell' } })).config!;
    assert.equal(c.services.postgres.environment.POSTGRES_PASSWORD, 'from-shell');
  });

  it('a native entry with command replaces the compose service of the same name', async () => {
    const r = await load({
      'stackpilot.yaml': 'compose: [compose.yaml]\nservices:\n  web: { command: "npm start", ports: [3000] }\n',
      'compose.yaml': 'services:\n  web: { image: web, ports: ["3000:3000"] }\n',
    });
    assert.deepEqual(r.diagnostics, []);
    const web = r.config!.services.web as ProcessService;
    assert.equal(web.kind, 'process');
    assert.deepEqual(
      web.ports.map((p) => p.port),
      [3000],
    );
  });

  it('command forms: shell, argv, quoting, and a warning for shell syntax without a shell', async () => {
    const r = await load({
      'stackpilot.yaml': [
        'services:',
        '  a: { command: "node -e \'console.log(1 + 2)\' \\"x y\\"" }',
        '  b: { command: "npm test && npm run lint", shell: true }',
        '  c: { argv: [python, -m, http.server, 8080] }',
        '  d: { command: "cat log | grep x" }',
        '  e: { command: "node -e \\"setInterval(() => 0, 1000)\\"" }',
        '',
      ].join('\n'),
    });
    const s = r.config!.services as Record<string, ProcessService>;
    assert.deepEqual(s.a.argv, ['node', '-e', 'console.log(1 + 2)', 'x y']);
    assert.deepEqual([s.b.command, s.b.argv, s.b.shell], ['npm test && npm run lint', undefined, true]);
    assert.deepEqual(s.c.argv, ['python', '-m', 'http.server', '8080']);
    assert.deepEqual(s.e.argv, ['node', '-e', 'setInterval(() => 0, 1000)']);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.location.line]),
      [['shell-syntax', 5]],
    );
  });

  it('missing envFile is a warning; restart short forms; dependsOn long form', async () => {
    const r = await load({
      'stackpilot.yaml':
        'services:\n  db: { command: x, health: { tcp: 5432 } }\n  a:\n    command: x\n    envFile: [missing.env]\n    restart: always\n    dependsOn: { db: { condition: healthy, required: false } }\n',
    });
    assert.deepEqual(
      r.diagnostics.map((d) => [d.severity, d.code, d.location.line]),
      [['warning', 'missing-env-file', 5]],
    );
    const a = r.config!.services.a;
    assert.equal(a.restart.policy, 'always');
    assert.deepEqual(
      a.dependsOn.map((d) => [d.service, d.condition, d.required]),
      [['db', 'healthy', false]],
    );
    assert.deepEqual(r.config!.services.db.health?.probe, { kind: 'tcp', host: '127.0.0.1', port: 5432, label: 'tcp 127.0.0.1:5432' });
  });

  it('keeps top-level alerts and x- keys as extensions; a custom configPath works', async () => {
    const r = await load(
      {
        'ops/stack.yml':
          'alerts: [{ name: down, metric: up, operator: "==", threshold: 0 }]\nx-team: core\nservices:\n  a: { command: x }\n',
      },
      { configPath: 'ops/stack.yml' },
    );
    assert.deepEqual(r.config!.extensions, { alerts: [{ name: 'down', metric: 'up', operator: '==', threshold: 0 }], 'x-team': 'core' });
    assert.deepEqual(r.config!.files, [`${ROOT}/ops/stack.yml`]);
  });
});
