import { strict as assert } from 'node:assert';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { createStackEngine } from '../../src/infra/createStackEngine';
import { containersOf, dockerCli, httpdSpec, removeProject, requireDocker, stackOf, uniqueProject } from './dockerKit';
import { freePort, tempDir, waitFor } from './testKit';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined };

/**
 * A unix-socket proxy to the real engine that can "restart": every connection is cut and the
 * socket disappears for a while, as when dockerd restarts (the shared engine itself is left alone).
 */
class FlakySocket {
  private server: Server | undefined;
  private readonly conns = new Set<Socket>();
  constructor(readonly path: string) {}

  listen(): Promise<void> {
    this.server = createServer((c) => {
      const up = createConnection('/var/run/docker.sock');
      this.conns.add(c).add(up);
      c.pipe(up).pipe(c);
      const drop = () => {
        c.destroy();
        up.destroy();
      };
      c.on('error', drop).on('close', drop);
      up.on('error', drop).on('close', drop);
    });
    return new Promise((r) => this.server!.listen(this.path, r));
  }

  async outage(ms: number, during: () => void): Promise<void> {
    for (const c of this.conns) c.destroy();
    this.conns.clear();
    await new Promise<void>((r) => this.server!.close(() => r()));
    during();
    await new Promise((r) => setTimeout(r, ms));
    await this.listen();
  }

  close(): void {
    for (const c of this.conns) c.destroy();
    this.server?.close();
  }
}

describe('docker services: the engine connection drops (daemon restart) and comes back', function () {
  this.timeout(60_000);
  const project = uniqueProject();
  const tmp = tempDir('sp-docker-flaky-');
  const saved = process.env.DOCKER_HOST;
  const proxy = new FlakySocket(path.join(tmp.dir, 'docker.sock'));

  before(function (done) {
    requireDocker(this, done);
  });
  after(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
    proxy.close();
    removeProject(project);
    tmp.remove();
  });

  it('an exit that happened while disconnected is seen after reconnecting', async () => {
    await proxy.listen();
    process.env.DOCKER_HOST = `unix://${proxy.path}`;
    const engine = createStackEngine(stackOf(project, tmp.dir, [httpdSpec('web', await freePort())]), { runDir: tmp.dir, output: silent });
    try {
      assert.ok((await engine.up(['web'], { timeoutMs: 30_000 })).ok);
      const id = engine.status()[0].instanceId!;
      await proxy.outage(1500, () => dockerCli(['kill', id]));
      assert.equal(engine.status()[0].state, 'healthy', 'nothing seen while disconnected');
      const t0 = Date.now();
      const s = await waitFor('exited after reconnect', () => engine.status().find((x) => x.state === 'exited'), 10_000);
      console.log(`      exit seen ${Date.now() - t0} ms after the socket came back: ${s.reason ?? ''}`);
      assert.equal(s.lastExit?.code, 137);
    } finally {
      await engine.down();
      engine.dispose();
    }
    await waitFor('removed', () => containersOf(project).length === 0, 5000);
  });
});
