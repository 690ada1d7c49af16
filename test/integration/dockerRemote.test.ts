import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { createServer, type Server } from 'node:tls';
import { createStackEngine } from '../../src/infra/createStackEngine';
import { containersOf, httpdSpec, removeProject, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { freePort, tempDir } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };
const VARS = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'] as const;

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as `docker` expects them in DOCKER_CERT_PATH. */
function makeCerts(dir: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=sp-test-ca');
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ]) {
    const key = name === 'client' ? 'key.pem' : `${name}-key.pem`;
    const cert = name === 'client' ? 'cert.pem' : `${name}-cert.pem`;
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(path.join(dir, `${name}.ext`), `${ext}\n`);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-out',
      cert,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  }
}

/** The local engine behind TLS with client-certificate auth on 127.0.0.1, like a remote `dockerd --tlsverify`. */
function tlsEngine(dir: string, port: number): Promise<Server> {
  const read = (f: string) => readFileSync(path.join(dir, f));
  const server = createServer(
    { key: read('server-key.pem'), cert: read('server-cert.pem'), ca: read('ca.pem'), requestCert: true, rejectUnauthorized: true },
    (c) => {
      const up = createConnection('/var/run/docker.sock');
      c.pipe(up).pipe(c);
      c.on('error', () => up.destroy()).on('close', () => up.destroy());
      up.on('error', () => c.destroy()).on('close', () => c.destroy());
    },
  );
  return new Promise((r) => server.listen(port, '127.0.0.1', () => r(server)));
}

describe('docker services on a "remote" engine (TLS with client certificates)', function () {
  this.timeout(60_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-tls-');
  const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
  let server: Server | undefined;
  let port = 0;

  before(function (done) {
    requireDocker(this, done);
  });
  before(async () => {
    makeCerts(tmp.dir);
    port = await freePort();
    server = await tlsEngine(tmp.dir, port);
  });
  afterEach(() => {
    for (const k of VARS)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  });
  after(() => {
    server?.close();
    removeProject(project);
    tmp.remove();
  });

  async function upAndDown(): Promise<void> {
    const engine = createStackEngine(stackOf(project, tmp.dir, [httpdSpec('web', await freePort())]), { runDir: tmp.dir, output: silent });
    try {
      const r = await engine.up(['web'], { timeoutMs: 30_000 });
      assert.ok(r.ok, r.failures.join('; '));
      assert.equal(containersOf(project).length, 1);
    } finally {
      await engine.down();
      engine.dispose();
    }
    assert.deepEqual(containersOf(project), []);
  }

  it('DOCKER_HOST=tcp://... with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
    Object.assign(process.env, { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tmp.dir });
    await upAndDown();
  });

  it('the current context of $DOCKER_CONFIG/config.json with its TLS files', async () => {
    const cfg = path.join(tmp.dir, 'docker-config');
    const id = createHash('sha256').update('sp-remote').digest('hex');
    mkdirSync(path.join(cfg, 'contexts', 'meta', id), { recursive: true });
    mkdirSync(path.join(cfg, 'contexts', 'tls', id, 'docker'), { recursive: true });
    writeFileSync(path.join(cfg, 'config.json'), JSON.stringify({ currentContext: 'sp-remote' }));
    writeFileSync(
      path.join(cfg, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({ Name: 'sp-remote', Metadata: {}, Endpoints: { docker: { Host: `tcp://127.0.0.1:${port}`, SkipTLSVerify: false } } }),
    );
    for (const f of ['ca.pem', 'cert.pem', 'key.pem'])
      writeFileSync(path.join(cfg, 'contexts', 'tls', id, 'docker', f), readFileSync(path.join(tmp.dir, f)));
    process.env.DOCKER_CONFIG = cfg;
    await upAndDown();
  });

  it('without the client certificate the engine refuses, and the reason says where it came from', async () => {
    Object.assign(process.env, { DOCKER_HOST: `tcp://127.0.0.1:${port}` });
    const engine = createStackEngine(stackOf(project, tmp.dir, [httpdSpec('web', await freePort())]), { runDir: tmp.dir, output: silent });
    try {
      assert.equal((await engine.up(['web'], { timeoutMs: 20_000 })).ok, false);
      const reason = engine.status()[0].reason ?? '';
      console.log(`      -> ${reason}`);
      assert.match(reason, new RegExp(`cannot reach the Docker engine at tcp://127.0.0.1:${port} \\(from DOCKER_HOST\\)`));
    } finally {
      await engine.down();
      engine.dispose();
    }
  });
});
