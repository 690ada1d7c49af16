import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { DockerRunner } from '../../src/infra/docker/DockerRunner';
import { PrivateDockerd } from './dockerDaemon';
import { containersOf, dockerCli, IMAGE, networksOf, removeProject, requireDocker, uniqueProject } from './dockerKit';
import { freePort, serviceBase, startContext, tempDir } from './testKit';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');
const SERVER_IMAGES = ['stackpilot-test/postgres:1', 'stackpilot-test/redis:1', 'stackpilot-test/node:1'];

/** One request on its own connection (a pooled keep-alive connection would outlive the api container across down/up). */
const httpGet = (port: number, p: string, init: { method?: string; body?: string } = {}) =>
  new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: p, method: init.method ?? 'GET', agent: false, timeout: 10_000 }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('no answer in 10 s')));
    req.end(init.body);
  });

/** Compose stacks with project networks, through the built CLI on the real engine. */
describe('compose networks on the real engine', function () {
  this.timeout(180_000);
  const made: { project: string; dir: string }[] = [];

  before(function (done) {
    if (!existsSync(cli)) {
      console.log('    (skipped: dist/cli.js missing; run npm run build)');
      this.skip();
    }
    requireDocker(this, done);
  });
  after(() => {
    for (const m of made) {
      removeProject(m.project);
      try {
        dockerCli(['volume', 'rm', '-f', `${m.project}_pgdata`]);
      } catch {
        // not there
      }
    }
    for (const m of made) rmSync(m.dir, { recursive: true, force: true });
  });

  /** A copy of `files` in a fresh folder, with its own project name. */
  const stack = (files: Record<string, string>) => {
    const project = uniqueProject();
    const dir = mkdtempSync('/tmp/sp-net-');
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    writeFileSync(path.join(dir, '.env'), `COMPOSE_PROJECT_NAME=${project}\n`);
    made.push({ project, dir });
    const run = (env: NodeJS.ProcessEnv, ...args: string[]) =>
      spawnSync(process.execPath, [cli, ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, NO_COLOR: '1', ...env },
      });
    return { project, dir, run };
  };

  it('a service reaches another by service name and alias; a second internal network; network_mode service:', () => {
    const probe = (host: string) => `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc ${host} 8080 | grep -q 200`;
    const s = stack({
      'compose.yaml': [
        'x-b: &b { image: stackpilot-test/busybox:1, init: true, stop_grace_period: 1s }',
        'services:',
        '  db:',
        '    <<: *b',
        '    command: ["sh", "-c", "mkdir -p /www && echo ok >/www/index.html && exec httpd -f -p 8080 -h /www"]',
        `    healthcheck: { test: ["CMD-SHELL", "${probe('127.0.0.1')}"], interval: 1s, retries: 60 }`,
        '    networks: { default: {}, back: { aliases: [database] } }',
        '  api:',
        '    <<: *b',
        '    command: ["sleep", "600"]',
        '    depends_on: { db: { condition: service_healthy } }',
        `    healthcheck: { test: ["CMD-SHELL", "${probe('db')} && ${probe('database')}"], interval: 1s, retries: 60 }`,
        '    networks: [back]',
        '  side:',
        '    <<: *b',
        '    command: ["sleep", "600"]',
        '    network_mode: "service:api"',
        'networks:',
        '  back: { internal: true }',
        '',
      ].join('\n'),
    });
    const up = s.run({}, 'up', '--wait', '--timeout', '90');
    assert.equal(up.status, 0, up.stdout + up.stderr);
    assert.match(up.stdout, /api\s+healthy/);
    assert.deepEqual(networksOf(s.project), [`${s.project}_back`, `${s.project}_default`]);
    const internal = dockerCli(['network', 'inspect', '-f', '{{.Internal}}', `${s.project}_back`]).trim();
    assert.equal(internal, 'true');
    // side shares api's network namespace: it reaches db by its alias on `back`.
    const side = spawnSync('docker', ['exec', `${s.project}-side`, 'sh', '-c', probe('database')]);
    assert.equal(side.status, 0, "side reaches database through api's network");
    // api is not on `default`: the name db resolves there only through `back`, and a name on no shared network does not resolve.
    const unknown = spawnSync('docker', ['exec', `${s.project}-api`, 'sh', '-c', probe('nosuchservice')]);
    assert.notEqual(unknown.status, 0);

    const down = s.run({}, 'down');
    assert.equal(down.status, 0, down.stdout + down.stderr);
    assert.match(down.stdout, /removed networks/);
    assert.deepEqual(containersOf(s.project), []);
    assert.deepEqual(networksOf(s.project), []);
  });

  it('recreates a container whose networks changed, and an external network that is missing is a clear error', () => {
    const base =
      'services:\n  a:\n    image: stackpilot-test/busybox:1\n    init: true\n    stop_grace_period: 1s\n    command: ["sleep", "600"]\n';
    const s = stack({ 'compose.yaml': base });
    assert.equal(s.run({}, 'up', '--wait').status, 0);
    const first = containersOf(s.project);
    assert.equal(first.length, 1);
    writeFileSync(path.join(s.dir, 'compose.yaml'), `${base}    networks: { default: { aliases: [alpha] } }\n`);
    const again = s.run({}, 'up', '--wait');
    assert.equal(again.status, 0, again.stdout + again.stderr);
    const second = containersOf(s.project);
    assert.equal(second.length, 1);
    assert.notEqual(second[0], first[0], 'recreated');
    const aliases = dockerCli(['inspect', '-f', `{{json (index .NetworkSettings.Networks "${s.project}_default").Aliases}}`, second[0]]);
    assert.ok((JSON.parse(aliases) as string[]).includes('alpha'), aliases);
    assert.equal(s.run({}, 'down').status, 0);

    writeFileSync(
      path.join(s.dir, 'compose.yaml'),
      `${base}    networks: [shared]\nnetworks:\n  shared: { external: true, name: ${s.project}-nonexistent }\n`,
    );
    const ext = s.run({}, 'up', '--wait', '--timeout', '30');
    assert.equal(ext.status, 1);
    assert.match(ext.stdout + ext.stderr, new RegExp(`network ${s.project}-nonexistent is declared \`external\` but does not exist`));
    assert.deepEqual(containersOf(s.project), []);
  });

  it('PostgreSQL, Redis and a Node.js API by service name: healthy, and rows written before down are there after the next up', async function () {
    for (const image of SERVER_IMAGES) {
      if (spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status !== 0) {
        console.log(`    (skipped: ${image} missing; run scripts/test-env.sh)`);
        this.skip();
      }
    }
    const s = stack({});
    cpSync(path.join(root, 'examples/compose-pg-redis'), s.dir, { recursive: true });
    const port = await freePort();
    const env = { API_PORT: String(port) };
    const up = s.run(env, 'up', '--wait', '--timeout', '120');
    assert.equal(up.status, 0, up.stdout + up.stderr);
    console.log(`      ${/up in [\d.]+ m?s/.exec(up.stdout)?.[0] ?? ''}`);
    assert.deepEqual((await httpGet(port, '/health')).body, { postgres: true, redis: true });
    const text = `note ${s.project}`;
    assert.equal((await httpGet(port, '/notes', { method: 'POST', body: JSON.stringify({ text }) })).status, 201);
    assert.equal(s.run(env, 'down').status, 0);
    assert.deepEqual(containersOf(s.project), []);
    assert.deepEqual(networksOf(s.project), []);
    assert.ok(dockerCli(['volume', 'ls', '-q']).split('\n').includes(`${s.project}_pgdata`), 'the named volume is kept');

    const again = s.run(env, 'up', '--wait', '--timeout', '120');
    assert.equal(again.status, 0, again.stdout + again.stderr);
    const notes = (await httpGet(port, '/notes')).body.notes as { text: string }[];
    assert.deepEqual(
      notes.map((n) => n.text),
      [text],
    );
    assert.equal(s.run(env, 'down', '--volumes').status, 0);
    assert.deepEqual(containersOf(s.project), []);
    assert.equal(readFileSync(path.join(s.dir, 'compose.yaml'), 'utf8').includes('pgdata'), true);
  });
});

describe('compose rules through the CLI', () => {
  const tmp = tempDir('sp-rules-');
  after(() => tmp.remove());
  const run = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], {
      cwd: tmp.dir,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });

  it('--file and COMPOSE_FILE take compose files; COMPOSE_PROFILES from .env; an unknown --profile exits 1 listing the profiles', function () {
    if (!existsSync(cli)) this.skip();
    writeFileSync(
      path.join(tmp.dir, 'infra.yml'),
      'services:\n  db: { image: x, healthcheck: { test: [CMD, "true"], retries: "${R:-5}" } }\n  api: { image: y, depends_on: [db] }\n  debug: { image: z, profiles: [debug] }\n',
    );
    writeFileSync(path.join(tmp.dir, '.env'), 'COMPOSE_PROFILES=debug\n');
    const plan = run({}, 'plan', '--file', 'infra.yml');
    assert.equal(plan.status, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /3 services/);
    const viaEnv = run({ COMPOSE_FILE: 'infra.yml' }, 'validate');
    assert.equal(viaEnv.status, 0, viaEnv.stdout + viaEnv.stderr);
    const bad = run({}, 'plan', '--file', 'infra.yml', '--profile', 'errors-only');
    assert.equal(bad.status, 1);
    assert.match(bad.stdout + bad.stderr, /Unknown profile `errors-only`\. Profiles of this stack: `debug`\./);
  });
});

/** The editor's runner remembers the networks it created; `stackpilot down` from a terminal may remove them meanwhile. */
describe("a project network removed behind the runner's back", function () {
  this.timeout(60_000);
  const tmp = tempDir('sp-netgone-');
  const project = uniqueProject();
  before(function (done) {
    requireDocker(this, done);
  });
  after(() => {
    removeProject(project);
    tmp.remove();
  });

  it('is created again at the next start', async () => {
    const runner = new DockerRunner(project);
    const spec = {
      ...serviceBase('again'),
      kind: 'docker' as const,
      image: IMAGE,
      command: ['sleep', '600'],
      volumes: [],
      labels: {},
      extensions: { compose: { init: true } },
      stopGracePeriod: 1000,
    };
    const ctx = startContext(tmp.dir);
    const first = await runner.start(spec, ctx);
    await first.stop(1000);
    removeProject(project);
    assert.deepEqual(networksOf(project), []);
    const second = await runner.start(spec, ctx);
    try {
      assert.deepEqual(networksOf(project), [`${project}_default`]);
    } finally {
      await second.stop(1000);
      ctx.abort.abort();
    }
  });
});

/** An engine without a default bridge (dockerd --bridge=none): a service on the implicit project network runs on the host's network. */
describe('no bridge network: host networking fallback (private dockerd --bridge=none)', function () {
  this.timeout(120_000);
  let daemon: PrivateDockerd | undefined;
  const tmp = tempDir('sp-nobridge-');

  before(async function () {
    if (!PrivateDockerd.possible()) {
      console.log('    (skipped: needs root and dockerd)');
      this.skip();
    }
    daemon = new PrivateDockerd(mkdtempSync('/tmp/spd-'));
    await daemon.start();
    daemon.loadTestImage();
  });
  after(async () => {
    await daemon?.remove();
    tmp.remove();
  });

  it('starts a docker service without network settings on the host network, and says so', async () => {
    const project = uniqueProject();
    const logs: string[] = [];
    const runner = new DockerRunner(
      project,
      { info: (m: string) => logs.push(m), debug: () => undefined, warn: () => undefined, error: () => undefined },
      { ...process.env, DOCKER_HOST: daemon!.host },
    );
    const spec = {
      ...serviceBase('plain'),
      kind: 'docker' as const,
      image: IMAGE,
      command: ['sleep', '600'],
      volumes: [],
      labels: {},
      extensions: { compose: { init: true } },
      stopGracePeriod: 1000,
    };
    const ctx = startContext(tmp.dir);
    const handle = await runner.start(spec, ctx);
    try {
      const id = daemon!.cli(['ps', '-q', '--filter', `label=dev.stackpilot.project=${project}`]).trim();
      assert.equal(daemon!.cli(['inspect', '-f', '{{.HostConfig.NetworkMode}}', id]).trim(), 'host');
      assert.ok(
        logs.some((l) => /no bridge network/.test(l)),
        logs.join('\n'),
      );
    } finally {
      await handle.stop(1000);
      ctx.abort.abort();
    }
  });
});
