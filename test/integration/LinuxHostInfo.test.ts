import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { LinuxHostInfo } from '../../src/infra/host/LinuxHostInfo';
import { freePort, waitFor } from './testKit';

const hasRedis = (() => {
  try {
    execFileSync('redis-server', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('LinuxHostInfo (real sockets)', () => {
  const host = new LinuxHostInfo();
  const servers: Server[] = [];
  const children: ChildProcess[] = [];
  const listen = async (h: string): Promise<number> => {
    const s = createServer();
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, h, r));
    return (s.address() as { port: number }).port;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    for (const c of children.splice(0)) {
      c.kill('SIGKILL');
      if (c.exitCode === null && c.signalCode === null) await new Promise((r) => c.once('exit', r));
    }
  });

  it('names the node process holding a port, and reports nothing for a free one', async () => {
    const port = await listen('127.0.0.1');
    const free = await freePort();
    const found = await host.portsInUse([
      { port, host: '127.0.0.1', protocol: 'tcp' },
      { port: free, host: '127.0.0.1', protocol: 'tcp' },
    ]);
    assert.deepEqual(found, [{ port, host: '127.0.0.1', holder: `node (pid ${process.pid})` }]);
  });

  it('matches a wildcard listener against a specific host and the other way round', async () => {
    const any = await listen('0.0.0.0');
    const lo = await listen('127.0.0.1');
    const found = await host.portsInUse([
      { port: any, host: '127.0.0.1', protocol: 'tcp' },
      { port: lo, host: '0.0.0.0', protocol: 'tcp' },
      { port: lo, host: 'localhost', protocol: 'tcp' },
      { port: lo, host: '10.9.8.7', protocol: 'tcp' },
    ]);
    assert.deepEqual(
      found.map((f) => [f.port, f.host]),
      [
        [any, '127.0.0.1'],
        [lo, '0.0.0.0'],
        [lo, 'localhost'],
      ],
    );
  });

  it('sees IPv6 listeners', async function () {
    let port: number;
    try {
      port = await listen('::1');
    } catch {
      return this.skip();
    }
    const found = await host.portsInUse([
      { port, host: '::1', protocol: 'tcp' },
      { port, host: '[::1]', protocol: 'tcp' },
    ]);
    assert.equal(found.length, 2);
  });

  it('names a real redis-server holding its port', async function () {
    if (!hasRedis) return this.skip();
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    children.push(redis);
    const found = await waitFor('redis listening', async () => {
      const r = await host.portsInUse([{ port, host: '127.0.0.1', protocol: 'tcp' }]);
      return r.length > 0 && r;
    });
    assert.deepEqual(found, [{ port, host: '127.0.0.1', holder: `redis-server (pid ${redis.pid})` }]);
  });

  it('sees a bound UDP port', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    try {
      const port = sock.address().port;
      const found = await host.portsInUse([
        { port, host: '127.0.0.1', protocol: 'udp' },
        { port, host: '127.0.0.1', protocol: 'tcp' },
      ]);
      assert.deepEqual(found, [{ port, host: '127.0.0.1', holder: `node (pid ${process.pid})` }]);
    } finally {
      await new Promise<void>((r) => sock.close(r));
    }
  });

  it('reports available memory in MB', async () => {
    const mb = await host.freeMemoryMb();
    assert.ok(Number.isInteger(mb) && mb > 0, String(mb));
  });
});
