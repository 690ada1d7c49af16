import { strict as assert } from 'node:assert';
import { loadStack } from '../../../src/core/config/loadStack';
import type { DockerService } from '../../../src/core/config/model';
import { corpusCase } from './corpusFs';
import { load, only, pos, ROOT } from './loadHelpers';
import { at } from './memoryFs';

const svc = async (files: Record<string, string>, name: string, env: Record<string, string> = {}) => {
  const r = await load(files, { env });
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  return r.config!.services[name] as DockerService;
};

describe('compose loading', () => {
  it('applies YAML merge keys: local keys win, then earlier merged maps', async () => {
    const text = [
      'x-a: &a { image: a, environment: { FROM: a }, restart: always }',
      'x-b: &b { image: b, labels: [team=b], stop_grace_period: 3s }',
      'services:',
      '  one:',
      '    <<: [*a, *b]',
      '    restart: "no"',
      '  two:',
      '    <<: *b',
      '    environment: { FROM: two }',
      '',
    ].join('\n');
    const r = await load({ 'compose.yaml': text });
    const one = r.config!.services.one as DockerService;
    const two = r.config!.services.two as DockerService;
    assert.deepEqual(
      [one.image, one.environment, one.restart.policy, one.labels, one.stopGracePeriod],
      ['a', { FROM: 'a' }, 'no', { team: 'b' }, 3000],
    );
    assert.deepEqual([two.image, two.environment], ['b', { FROM: 'two' }]);
    assert.deepEqual({ line: one.location.line, column: one.location.column }, at(text, 4, 'one'));
  });

  it('merges override files by compose rules', async () => {
    const base = [
      'services:',
      '  api:',
      '    image: api:1',
      '    command: [serve, --port, "80"]',
      '    environment: [A=1, B=2]',
      '    ports: ["80:80"]',
      '    volumes: ["./src:/app", "data:/data"]',
      '    depends_on: [db]',
      '    healthcheck: { test: ["CMD", "true"], interval: 5s }',
      '  db: { image: pg }',
      '',
    ].join('\n');
    const over = [
      'services:',
      '  api:',
      '    image: api:dev',
      '    command: [serve, --reload]',
      '    environment: { B: over, C: "3" }',
      '    ports: ["80:80", "9229:9229"]',
      '    volumes: ["./other:/app:ro"]',
      '    depends_on: { cache: { condition: service_started } }',
      '    healthcheck: { test: ["CMD", "false"] }',
      '  cache: { image: redis }',
      '',
    ].join('\n');
    const r = await load({ 'docker-compose.yml': base, 'docker-compose.override.yml': over });
    assert.deepEqual(r.config!.files, [`${ROOT}/docker-compose.yml`, `${ROOT}/docker-compose.override.yml`]);
    const api = r.config!.services.api as DockerService;
    assert.equal(api.image, 'api:dev');
    assert.deepEqual(api.command, ['serve', '--reload']);
    assert.deepEqual(api.environment, { A: '1', B: 'over', C: '3' });
    assert.deepEqual(
      api.ports.map((p) => p.port),
      [80, 9229],
    );
    assert.deepEqual(
      api.volumes.map((v) => [v.source, v.target, v.readOnly]),
      [
        [`${ROOT}/other`, '/app', true],
        ['data', '/data', false],
      ],
    );
    assert.deepEqual(
      api.dependsOn.map((d) => d.service),
      ['db', 'cache'],
    );
    assert.deepEqual(api.composeHealthcheck, { test: ['CMD', 'false'], interval: 5000 });
    assert.equal(api.ports[1].location?.file, `${ROOT}/docker-compose.override.yml`);
    assert.deepEqual(Object.keys(r.config!.services), ['api', 'db', 'cache']);
  });

  it('reads env_file as string, list and {path, required}; environment wins; bare names come from the shell', async () => {
    const compose = [
      'services:',
      '  a:',
      '    image: a',
      '    env_file: [common.env, { path: local.env, required: false }, { path: ./extra.env }]',
      '    environment: [FROM_ENV=env, SHELL_VAR, NOT_SET, "DEBUG=${DEBUG:-0}"]',
      '  b: { image: b, env_file: common.env, environment: { FLAG: true, N: 5432, EMPTY: } }',
      '',
    ].join('\n');
    const files = {
      'compose.yaml': compose,
      'common.env': 'FROM_ENV=file\nCOMMON=1\nREF=${COMMON}-x\n',
      'extra.env': 'EXTRA="quoted # not a comment"\n',
    };
    const a = await svc(files, 'a', { SHELL_VAR: 'sh' });
    assert.deepEqual(a.environment, {
      FROM_ENV: 'env',
      COMMON: '1',
      REF: '1-x',
      EXTRA: 'quoted # not a comment',
      SHELL_VAR: 'sh',
      DEBUG: '0',
    });
    const b = await svc(files, 'b', { EMPTY: 'from-shell' });
    assert.deepEqual(b.environment, { FROM_ENV: 'file', COMMON: '1', REF: '1-x', FLAG: 'true', N: '5432', EMPTY: 'from-shell' });
  });

  it('a missing required env_file is an error at its entry', async () => {
    const text = 'services:\n  a:\n    image: a\n    env_file:\n      - nope.env\n';
    const d = only(await load({ 'compose.yaml': text }), 'missing-env-file');
    assert.deepEqual(pos(d), at(text, 5, 'nope.env'));
    assert.match(d.message, /write `\{ path: nope.env, required: false \}`/);
  });

  it('reads ports in short and long syntax', async () => {
    const compose = [
      'services:',
      '  a:',
      '    image: a',
      '    ports:',
      '      - 3000',
      '      - "8080:80"',
      '      - "127.0.0.1:5432:5432"',
      '      - "9000-9001:9000-9001"',
      '      - "53:53/udp"',
      '      - "0.0.0.0:7000:7000"',
      '      - "[::1]:6000:6000"',
      '      - { target: 80, published: "8081", host_ip: 127.0.0.1, protocol: tcp }',
      '      - { target: 81 }',
      '',
    ].join('\n');
    const a = await svc({ 'compose.yaml': compose }, 'a');
    assert.deepEqual(
      a.ports.map((p) => `${p.host}:${p.port}:${p.target}/${p.protocol}`),
      [
        '127.0.0.1:8080:80/tcp',
        '127.0.0.1:5432:5432/tcp',
        '127.0.0.1:9000:9000/tcp',
        '127.0.0.1:9001:9001/tcp',
        '127.0.0.1:53:53/udp',
        '0.0.0.0:7000:7000/tcp',
        '::1:6000:6000/tcp',
        '127.0.0.1:8081:80/tcp',
      ],
    );
  });

  it('reads healthcheck test forms, NONE, disable and docker defaults', async () => {
    const compose = [
      'services:',
      '  list: { image: x, healthcheck: { test: ["CMD", "pg_isready", "-q"], start_period: 1m, start_interval: 500ms } }',
      '  shell: { image: x, healthcheck: { test: "curl -f localhost || exit 1", timeout: 1s, retries: 2 } }',
      '  none: { image: x, healthcheck: { test: ["NONE"] } }',
      '  off: { image: x, healthcheck: { test: ["CMD", "true"], disable: true } }',
      '',
    ].join('\n');
    const r = await load({ 'compose.yaml': compose });
    const s = r.config!.services as Record<string, DockerService>;
    assert.deepEqual(s.list.health, {
      probe: { kind: 'exec', command: ['pg_isready', '-q'], in: 'container', label: 'pg_isready -q' },
      interval: 30_000,
      timeout: 30_000,
      retries: 3,
      startPeriod: 60_000,
      startInterval: 500,
    });
    assert.deepEqual(s.shell.health?.probe, {
      kind: 'exec',
      command: 'curl -f localhost || exit 1',
      in: 'container',
      label: 'curl -f localhost || exit 1',
    });
    assert.deepEqual([s.shell.health?.timeout, s.shell.health?.retries], [1000, 2]);
    assert.equal(s.none.health, undefined);
    assert.equal(s.off.health, undefined);
    assert.equal(s.off.composeHealthcheck?.disable, true);
  });

  it('maps restart, resources, network mode, labels, build, volumes and passes the rest through', async () => {
    const compose = [
      'name: My_Shop',
      'services:',
      '  a:',
      '    build: { context: ./app, dockerfile: Dockerfile.dev }',
      '    restart: on-failure:3',
      '    mem_limit: 512m',
      '    cpus: "1.5"',
      '    network_mode: host',
      '    labels: { tier: web }',
      '    container_name: shop-a',
      '    stop_grace_period: 1m30s',
      '    user: "1000"',
      '    volumes: [{ type: bind, source: ~/cache, target: /cache, read_only: true }, /anon]',
      '    x-stackpilot: { health: { http: "http://127.0.0.1:80/" }, memory: 256m, alerts: [{ name: a-down, metric: up, operator: "==", threshold: 0 }] }',
      '  b:',
      '    image: b',
      '    deploy: { resources: { limits: { memory: 1G, cpus: "0.5" }, reservations: { memory: 128M } } }',
      '',
    ].join('\n');
    const r = await load({ 'compose.yaml': compose, 'app/Dockerfile.dev': 'FROM b\n' }, { env: { HOME: '/home/me' } });
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.config!.name, 'my_shop');
    const a = r.config!.services.a as DockerService;
    assert.equal(a.image, 'my_shop-a');
    assert.deepEqual(a.build, { context: `${ROOT}/app`, dockerfile: 'Dockerfile.dev' });
    assert.deepEqual([a.restart.policy, a.restart.maxRetries], ['on-failure', 3]);
    assert.deepEqual(
      [a.memLimitBytes, a.cpus, a.networkMode, a.containerName, a.stopGracePeriod],
      [512 * 2 ** 20, 1.5, 'host', 'shop-a', 90_000],
    );
    assert.deepEqual(a.labels, { tier: 'web' });
    assert.deepEqual(a.volumes, [
      { type: 'bind', source: '/home/me/cache', target: '/cache', readOnly: true },
      { type: 'volume', target: '/anon', readOnly: false },
    ]);
    assert.deepEqual(a.health?.probe, { kind: 'http', url: 'http://127.0.0.1:80/', expectStatus: [200, 399], label: 'GET /' });
    assert.equal(a.memoryMb, 256);
    assert.deepEqual(a.extensions, { alerts: [{ name: 'a-down', metric: 'up', operator: '==', threshold: 0 }], compose: { user: '1000' } });
    const b = r.config!.services.b as DockerService;
    assert.deepEqual([b.memLimitBytes, b.cpus, b.memoryMb], [2 ** 30, 0.5, 128]);
  });

  it('names the project: name:, else COMPOSE_PROJECT_NAME, else the normalised folder', async () => {
    const files = { 'compose.yaml': 'services:\n  a: { build: . }\n' };
    assert.equal((await load(files)).config!.name, 'proj');
    assert.equal((await load(files, { env: { COMPOSE_PROJECT_NAME: 'fromenv' } })).config!.name, 'fromenv');
    const fs = {
      readFile: (p: string) => Promise.resolve(p === '/src/My.App/compose.yaml' ? 'services:\n  a: { build: . }\n' : undefined),
      isDirectory: (p: string) => Promise.resolve(p === '/src/My.App'),
    };
    const c = (await loadStack({ root: '/src/My.App', env: {}, fs })).config!;
    assert.equal(c.name, 'myapp');
    assert.equal((c.services.a as DockerService).image, 'myapp-a');
  });

  it('discovers compose files like docker compose, warning about extra candidates', async () => {
    const r = await load({
      'compose.yaml': 'services:\n  a: { image: a }\n',
      'docker-compose.yml': 'services:\n  b: { image: b }\n',
      'compose.override.yaml': 'services:\n  a: { image: a2 }\n',
    });
    assert.deepEqual(r.config!.files, [`${ROOT}/compose.yaml`, `${ROOT}/compose.override.yaml`]);
    assert.equal((r.config!.services.a as DockerService).image, 'a2');
    assert.match(only(r, 'multiple-compose-files').message, /using compose\.yaml .* ignoring docker-compose\.yml/);
    const explicit = await load(
      { 'compose.yaml': 'services:\n  a: { image: a }\n', 'other.yml': 'services:\n  o: { image: o }\n' },
      { composeFiles: ['other.yml'] },
    );
    assert.deepEqual(Object.keys(explicit.config!.services), ['o']);
  });

  it('ignores top-level x- fields; optional missing dependencies warn; depends_on.restart is read', async () => {
    const text =
      'x-unused: ${NOT_CHECKED:?never}\nservices:\n  a:\n    image: a\n    depends_on:\n      gone: { condition: service_started, required: false }\n      b: { condition: service_healthy, restart: true }\n  b: { image: b, healthcheck: { test: ["CMD", "true"] } }\n';
    const r = await load({ 'compose.yaml': text });
    assert.deepEqual(
      r.diagnostics.map((d) => [d.severity, d.code, d.location.line]),
      [['warning', 'missing-dependency', 6]],
    );
    assert.deepEqual(
      r.config!.services.a.dependsOn.map((d) => [d.service, d.restart ?? false]),
      [
        ['gone', false],
        ['b', true],
      ],
    );
  });

  it('depends_on restart: from a variable is coerced; anything but a boolean is a located error', async () => {
    const ok = await load({
      'compose.yaml':
        'services:\n  a: { image: a, depends_on: { b: { condition: service_started, restart: "${R:-true}" } } }\n  b: { image: b }\n',
    });
    assert.deepEqual(ok.diagnostics, []);
    assert.equal(ok.config!.services.a.dependsOn[0].restart, true);
    const text =
      'services:\n  a:\n    image: a\n    depends_on:\n      b: { condition: service_started, restart: yes please }\n  b: { image: b }\n';
    const d = only(await load({ 'compose.yaml': text }), 'wrong-type');
    assert.deepEqual(pos(d), at(text, 5, 'yes please'));
    assert.match(d.message, /`services.a.depends_on.b.restart` must be true or false, got string/);
  });

  it('a bad depends_on condition suggests the right one', async () => {
    const text = 'services:\n  a: { image: a, depends_on: { b: { condition: service_heathy } } }\n  b: { image: b }\n';
    const d = only(await load({ 'compose.yaml': text }), 'bad-condition');
    assert.deepEqual(pos(d), at(text, 2, 'service_heathy'));
    assert.match(d.message, /Did you mean `service_healthy`\?/);
  });
});

describe('compose corpus: files docker-compose v1 rejects', () => {
  const loadCase = async (id: string, extra: Record<string, string> = {}) => {
    const c = corpusCase('rejected', id);
    const fs = {
      readFile: (p: string) => (p in extra ? Promise.resolve(extra[p]) : c.fs.readFile(p)),
      isDirectory: (p: string) => c.fs.isDirectory(p),
    };
    return { c, r: await loadStack({ root: c.root, env: {}, fs }) };
  };

  it('07 supabase (v2: top-level name, unquoted booleans in environment) loads', async () => {
    const { r } = await loadCase('07');
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(r.config!.name, 'supabase');
    assert.equal(r.config!.services.studio.environment.NEXT_PUBLIC_ENABLE_LOGS, 'true');
    assert.equal(r.config!.services.analytics.environment.LOGFLARE_SINGLE_TENANT, 'true');
  });

  it('09 immich (v2: name, `${EXPOSE_PORT-:2283:2283}` as a port, healthcheck with only disable:false) loads', async () => {
    const { r } = await loadCase('09');
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const server = r.config!.services['immich-server'] as DockerService;
    assert.deepEqual(
      server.ports.map((p) => [p.port, p.target]),
      [[2283, 2283]],
    );
    // No test: the image's own HEALTHCHECK applies, which Stackpilot cannot read.
    assert.deepEqual([server.composeHealthcheck, server.health], [{ test: [], disable: false }, undefined]);
  });

  it('25 dify (v2: unquoted booleans) loads once its env_file exists; without it, located errors as in v2', async () => {
    const { c, r } = await loadCase('25');
    const missing = r.diagnostics.filter((d) => d.code === 'missing-env-file');
    assert.ok(missing.length > 0 && missing.every((d) => d.severity === 'error' && d.location.line > 1));
    assert.equal(r.config, undefined);
    const ok = (await loadCase('25', { [`${c.root}/middleware.env`]: '' })).r;
    assert.deepEqual(
      ok.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(ok.config!.services.plugin_daemon.environment.THIRD_PARTY_SIGNATURE_VERIFICATION_ENABLED, 'true');
  });

  it('38 documenso (v2: name) loads, warning about each unset variable once', async () => {
    const { r } = await loadCase('38');
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(r.config!.name, 'documenso-production');
    const unset = r.diagnostics.filter((d) => d.code === 'unset-variable');
    assert.ok(unset.some((d) => /NEXT_PRIVATE_SMTP_HOST is not set/.test(d.message)));
    assert.equal(new Set(unset.map((d) => d.message)).size, unset.length);
  });

  it('41 authentik without its .env is genuinely invalid: located errors for each required variable', async () => {
    const { r } = await loadCase('41');
    assert.equal(r.config, undefined);
    const required = r.diagnostics.filter((d) => d.code === 'required-variable');
    assert.deepEqual(
      required.map((d) => [d.location.line, d.location.column]),
      [
        [16, 26],
        [38, 29],
        [66, 29],
      ],
    );
    assert.match(required[0].message, /required variable PG_PASS is not set: database password required/);
  });
});

describe('compose features Stackpilot does not honour are explained', () => {
  it('an image HEALTHCHECK is an info', async () => {
    const text = 'services:\n  a:\n    image: a\n    healthcheck: { interval: 5s }\n';
    const r = await load({ 'compose.yaml': text });
    assert.deepEqual(
      r.diagnostics.map((d) => [d.severity, d.code, d.location.line, d.location.column]),
      [['info', 'image-healthcheck', 4, 5]],
    );
    assert.ok(r.config);
  });
});
