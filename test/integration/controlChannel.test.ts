/**
 * The supervisor's control channel against hostile callers (real Unix sockets, in this process):
 * private endpoint and socket, a request without the token or too big or malformed is refused before
 * anything acts, a slow caller is cut off, requests run one at a time, a path too long for a socket
 * falls back to a private folder under the temp folder.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { ControlRequest } from '../../src/core/control/controlRequest';
import { readProcStat } from '../../src/infra/process/procStat';
import { sendControl, serveControl, type ControlServer } from '../../src/infra/session/controlChannel';
import type { LockHolder } from '../../src/infra/state/stackLock';
import { tempDir } from './testKit';

/** Sends raw bytes and collects what comes back until the server closes. */
function raw(socket: string, text: string, { end = true } = {}): Promise<string> {
  return new Promise((resolve) => {
    const c = net.createConnection(socket, () => (end ? c.end(text) : c.write(text)));
    let out = '';
    c.setEncoding('utf8');
    c.on('data', (d: string) => (out += d));
    c.on('close', () => resolve(out));
    c.on('error', () => resolve(out));
  });
}

describe('control channel (real Unix sockets)', () => {
  let t: ReturnType<typeof tempDir>;
  let server: ControlServer | undefined;
  let me: LockHolder;
  const handled: ControlRequest[] = [];
  let running = 0;
  let overlapped = false;
  const handler = {
    services: () => new Set(['api', 'db']),
    handle: async (r: ControlRequest) => {
      handled.push(r);
      overlapped ||= running > 0;
      running++;
      await new Promise((res) => setTimeout(res, 100));
      running--;
      return { ok: true as const, message: `did ${r.op}`, services: r.services.map((name) => ({ name, state: 'stopped', reason: null })) };
    },
  };

  beforeEach(async () => {
    t = tempDir('sp-ctl-chan-');
    handled.length = 0;
    overlapped = false;
    me = { pid: process.pid, startTime: (await readProcStat(process.pid))!.startTime, kind: 'cli', since: 0 };
  });
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
    t.remove();
  });

  it('endpoint and socket are private; a request with the token is answered; dispose removes both', async () => {
    const dir = path.join(t.dir, 'state');
    server = await serveControl(dir, handler, () => undefined);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(dir, 'control.json')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(server.socket).mode & 0o777, 0o600);
    const r = await sendControl(dir, me, 'stop', ['api'], { from: 'test' });
    assert.deepEqual(r, {
      status: 'replied',
      reply: { ok: true, message: 'did stop', services: [{ name: 'api', state: 'stopped', reason: null }] },
    });
    await server.dispose();
    assert.equal(fs.existsSync(path.join(dir, 'control.json')), false);
    assert.equal(fs.existsSync(server.socket), false);
    server = undefined;
    assert.equal((await sendControl(dir, me, 'down', [], { from: 'test' })).status, 'no-channel');
  });

  it('refuses without the right token, malformed, unknown services, too big; cuts off a silent caller; nothing acts', async () => {
    const dir = path.join(t.dir, 'state');
    server = await serveControl(dir, handler, () => undefined);
    const token = (JSON.parse(fs.readFileSync(path.join(dir, 'control.json'), 'utf8')) as { token: string }).token;
    const line = (v: object) => `${JSON.stringify({ version: 1, token, op: 'down', ...v })}\n`;
    assert.match(await raw(server.socket, line({ token: 'f'.repeat(64) })), /"ok":false,"error":"wrong token"/);
    assert.match(await raw(server.socket, line({ token: undefined })), /valid token/);
    assert.match(await raw(server.socket, 'garbage\n'), /not JSON/);
    assert.match(await raw(server.socket, line({ op: 'stop', services: ['../../etc'] })), /no service named/);
    assert.match(await raw(server.socket, 'x'.repeat(64 * 1024)), /request over/);
    const t0 = Date.now();
    assert.equal(await raw(server.socket, '{"version":1', { end: false }), '', 'a caller that never finishes its line is cut off');
    assert.ok(Date.now() - t0 < 15_000);
    assert.equal(handled.length, 0, 'nothing reached the handler');
    assert.match(await raw(server.socket, line({})), /"accepted":true[^]*"ok":true/);
    assert.equal(handled.length, 1);
  });

  it('requests are handled one at a time, in order', async () => {
    const dir = path.join(t.dir, 'state');
    server = await serveControl(dir, handler, () => undefined);
    const rs = await Promise.all(['api', 'db', 'api'].map((s) => sendControl(dir, me, 'restart', [s], { from: 'test' })));
    assert.ok(rs.every((r) => r.status === 'replied'));
    assert.equal(overlapped, false);
    assert.deepEqual(
      handled.map((h) => h.services[0]),
      ['api', 'db', 'api'],
    );
  });

  it('a stop cuts short a restart of its service under way and drops one still queued; a restart of another service keeps its turn', async () => {
    const dir = path.join(t.dir, 'state');
    let taken = 0;
    const order: string[] = [];
    const cut: string[] = [];
    server = await serveControl(
      dir,
      {
        services: () => (taken++, new Set(['api', 'db'])),
        handle: async (r: ControlRequest, signal?: AbortSignal) => {
          order.push(`${r.op} ${r.services.join(' ')}`);
          // A restart of api waits for health that never comes, unless it is cut short.
          if (r.op === 'restart' && r.services[0] === 'api')
            await new Promise<void>((res) => {
              const timer = setTimeout(res, 60_000);
              signal?.addEventListener('abort', () => (clearTimeout(timer), cut.push(String(signal.reason)), res()), { once: true });
            });
          return { ok: true as const, message: `did ${r.op}`, services: [] };
        },
      },
      () => undefined,
    );
    const waitTaken = async (n: number) => {
      while (taken < n) await new Promise((res) => setTimeout(res, 10));
    };
    const first = sendControl(dir, me, 'restart', ['api'], { from: 'test' });
    await waitTaken(1);
    const db = sendControl(dir, me, 'restart', ['db'], { from: 'test' });
    await waitTaken(2);
    const again = sendControl(dir, me, 'restart', ['api'], { from: 'test' });
    await waitTaken(3);
    const stop = await sendControl(dir, me, 'stop', ['api'], { from: 'stackpilot stop (pid 7)' });
    assert.equal(stop.status, 'replied');
    assert.deepEqual(cut, ['stop api requested by stackpilot stop (pid 7)']);
    assert.deepEqual(order, ['restart api', 'restart db', 'stop api'], 'the queued restart of api was not done; the others in order');
    const moot = await again;
    assert.ok(moot.status === 'replied' && !moot.reply.ok);
    assert.match(moot.reply.ok ? '' : moot.reply.error, /^not done: stop api requested by stackpilot stop \(pid 7\) came before its turn$/);
    assert.equal((await first).status, 'replied');
    assert.equal((await db).status, 'replied');
  });

  it('an endpoint naming another process (a forged or stale file) is not used', async () => {
    const dir = path.join(t.dir, 'state');
    server = await serveControl(dir, handler, () => undefined);
    const other = { ...me, startTime: '1' };
    assert.equal((await sendControl(dir, other, 'down', [], { from: 'test' })).status, 'no-channel');
    fs.chmodSync(path.join(dir, 'control.json'), 0o644);
    assert.equal((await sendControl(dir, me, 'down', [], { from: 'test' })).status, 'no-channel', 'a file others can read is not trusted');
    assert.equal(handled.length, 0);
  });

  it('a state folder too deep for a socket path: the socket goes to a private folder under the temp folder', async () => {
    const dir = path.join(t.dir, 'x'.repeat(60), 'y'.repeat(60), 'state');
    server = await serveControl(dir, handler, () => undefined);
    assert.ok(Buffer.byteLength(server.socket) <= 100, server.socket);
    assert.equal(fs.statSync(path.dirname(server.socket)).mode & 0o777, 0o700);
    assert.equal((await sendControl(dir, me, 'down', [], { from: 'test' })).status, 'replied');
  });
});
