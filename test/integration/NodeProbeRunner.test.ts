import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import * as net from 'node:net';
import type { ProbeSpec } from '../../src/core/config/model';
import type { ProbeContext } from '../../src/core/ports';
import { NodeProbeRunner } from '../../src/infra/probes/NodeProbeRunner';
import { freePort } from './testKit';

describe('NodeProbeRunner (real sockets and commands)', () => {
  const probes = new NodeProbeRunner();
  let server: Server;
  let port: number;
  let closed: number;
  const ctx = (over: Partial<ProbeContext> = {}): ProbeContext => ({
    service: 't',
    timeoutMs: 2000,
    signal: new AbortController().signal,
    ...over,
  });
  const http = (path: string, over: Partial<Extract<ProbeSpec, { kind: 'http' }>> = {}): ProbeSpec => ({
    kind: 'http',
    url: `http://127.0.0.1:${port}${path}`,
    expectStatus: [200, 299],
    ...over,
  });

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 1500);
      if (req.url === '/down') {
        res.writeHead(503);
        return void res.end('down');
      }
      if (req.url === '/echo')
        return void res.end(JSON.stringify({ ok: true, method: req.method, auth: req.headers.authorization ?? null }));
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    closed = await freePort();
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('http: ok in range, with method, headers and body checks', async () => {
    const r = await probes.run(
      http('/echo', { method: 'post', headers: { Authorization: 'Bearer x' }, bodyContains: '"POST"', bodyRegex: '"auth":\\s*"Bearer x"' }),
      ctx(),
    );
    assert.equal(r.ok, true, r.detail);
    assert.match(r.detail, /^POST \/echo -> 200 after \d+ ms$/);
    assert.ok(r.latencyMs > 0 && r.latencyMs < 2000);
    assert.ok(Math.abs(r.at - Date.now()) < 1000);
  });

  it('http: every probe opens its own connection — a listener that is gone fails though it kept a connection open (bench:truth)', async () => {
    // The squatter of bench:truth's port-taken fault answers 200 to everything, and stops listening
    // while a probe is in flight: that connection stays open (it is not idle when the server
    // closes, and a probe every second never lets it idle out). Probes through the kept-alive
    // connection were answered by the squatter for as long as the pool held it (18 minutes in a
    // run), whatever listened on the port by then.
    const squatter = createServer((_req, res) => {
      squatter.close();
      res.end('ok');
    });
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
    const sport = (squatter.address() as { port: number }).port;
    const spec: ProbeSpec = { kind: 'http', url: `http://127.0.0.1:${sport}/health`, expectStatus: [200, 299] };
    let connections = 0;
    squatter.on('connection', () => connections++);
    try {
      assert.equal((await probes.run(spec, ctx())).ok, true);
      const after = await probes.run(spec, ctx());
      assert.equal(after.ok, false, `answered by a connection to a listener that is gone: ${after.detail}`);
      assert.match(after.detail, /ECONNREFUSED/);
      assert.equal(connections, 1);
    } finally {
      squatter.closeAllConnections();
    }
  });

  it('http: a status out of range or a body mismatch fails with a readable detail', async () => {
    const down = await probes.run(http('/down'), ctx());
    assert.equal(down.ok, false);
    assert.match(down.detail, /^GET \/down -> 503 after \d+ ms \(expected 200-299\)$/);
    const body = await probes.run(http('/echo', { bodyContains: 'nope' }), ctx());
    assert.equal(body.ok, false);
    assert.match(body.detail, /-> 200 after \d+ ms, body does not contain "nope"$/);
    const re = await probes.run(http('/echo', { bodyRegex: '^x' }), ctx());
    assert.match(re.detail, /body does not match \/\^x\/$/);
  });

  it('http: refused, timed out and cancelled are results, not exceptions', async () => {
    const refused = await probes.run({ kind: 'http', url: `http://127.0.0.1:${closed}/health`, expectStatus: [200, 299] }, ctx());
    assert.equal(refused.ok, false);
    assert.match(refused.detail, /^GET \/health -> ECONNREFUSED after \d+ ms$/);
    const slow = await probes.run(http('/slow'), ctx({ timeoutMs: 200 }));
    assert.equal(slow.ok, false);
    assert.equal(slow.detail, 'GET /slow -> timed out after 200 ms');
    assert.ok(slow.latencyMs >= 190 && slow.latencyMs < 1200, String(slow.latencyMs));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const cancelled = await probes.run(http('/slow'), ctx({ signal: ac.signal }));
    assert.equal(cancelled.detail, 'GET /slow -> cancelled');
  });

  it('tcp: connected, and refused on a closed port', async () => {
    const ok = await probes.run({ kind: 'tcp', host: '127.0.0.1', port }, ctx());
    assert.equal(ok.ok, true);
    assert.match(ok.detail, new RegExp(`^tcp 127\\.0\\.0\\.1:${port} connected in \\d+ ms$`));
    const no = await probes.run({ kind: 'tcp', host: '127.0.0.1', port: closed }, ctx());
    assert.equal(no.ok, false);
    assert.match(no.detail, new RegExp(`^tcp 127\\.0\\.0\\.1:${closed} refused after \\d+ ms$`));
  });

  it('tcp: an opened connection is closed as a client closes it (FIN), also after a greeting: the server reads an end, not a reset it would log', async () => {
    // PostgreSQL logs "could not receive data from client: Connection reset by peer" for every
    // connection reset before its startup packet, and nothing for one closed without data.
    const seen: string[] = [];
    const srv = net.createServer((s) => {
      // A greeting first, as MySQL, SSH and SMTP send: left unread, the close would be a reset.
      s.write('220 greeting\r\n');
      s.on('end', () => (seen.push('end'), s.end()));
      s.on('error', (e: NodeJS.ErrnoException) => seen.push(e.code ?? String(e)));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const p = (srv.address() as net.AddressInfo).port;
    try {
      for (let i = 0; i < 3; i++) assert.equal((await probes.run({ kind: 'tcp', host: '127.0.0.1', port: p }, ctx())).ok, true);
      const until = Date.now() + 10_000;
      while (seen.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(seen, ['end', 'end', 'end']);
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  it('exec on the host: exit 0 is ok, a failure shows its code and first stderr line, a hang is killed at the timeout', async () => {
    const ok = await probes.run({ kind: 'exec', command: ['true'], in: 'host' }, ctx());
    assert.equal(ok.ok, true);
    assert.match(ok.detail, /^true: exit 0 in \d+ ms$/);
    const bad = await probes.run({ kind: 'exec', command: 'echo "db not ready" >&2; exit 2', in: 'host' }, ctx());
    assert.equal(bad.ok, false);
    assert.match(bad.detail, /: exit 2 in \d+ ms: db not ready$/);
    const t0 = Date.now();
    const hang = await probes.run({ kind: 'exec', command: 'sleep 30', in: 'host' }, ctx({ timeoutMs: 300 }));
    assert.equal(hang.ok, false);
    assert.equal(hang.detail, 'sleep 30: timed out after 300 ms');
    assert.ok(Date.now() - t0 < 2000);
    const missing = await probes.run({ kind: 'exec', command: ['no-such-probe-cmd'], in: 'host' }, ctx());
    assert.equal(missing.ok, false);
    assert.match(missing.detail, /command not found: no-such-probe-cmd/);
  });

  it('exec in a container needs the docker runner', async () => {
    const r = await probes.run({ kind: 'exec', command: ['redis-cli', 'ping'], in: 'container' }, ctx());
    assert.deepEqual([r.ok, r.detail], [false, 'container exec needs the docker runner']);
  });
});
