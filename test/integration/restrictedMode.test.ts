/**
 * Restricted Mode (an untrusted workspace) runs nothing from the stack: an engine built with
 * `restricted` sends no probe (an exec probe that would touch a file, an http probe against a
 * counting listener), starts nothing, and still shows and stops what verifiably is the stack's.
 */
import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createStackEngine, loadStackFromDisk } from '../../src/infra/createStackEngine';
import { NOT_CHECKED_UNTRUSTED } from '../../src/core/engine/restricted';
import { alive, freePort, killAll, tempDir } from './testKit';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('Restricted Mode runs nothing from the workspace (real probes, real processes)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let server: Server;
  let hits = 0;
  let port = 0;
  const pids: number[] = [];

  beforeEach(async () => {
    tmp = tempDir();
    hits = 0;
    port = await freePort();
    server = createServer((_, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    const touched = join(tmp.dir, 'PROBED');
    writeFileSync(
      join(tmp.dir, 'stackpilot.yaml'),
      [
        'name: restricted',
        'services:',
        `  ext: { external: true, health: { exec: "touch ${touched}" } }`,
        `  web: { external: true, health: { http: "http://127.0.0.1:${port}/" } }`,
        `  tcpext: { external: true, health: { tcp: "127.0.0.1:${port}" } }`,
        `  app: { command: "sleep 60", health: { exec: "touch ${touched}" } }`,
        '',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    killAll(pids.splice(0));
    await new Promise((r) => server.close(r));
    tmp.remove();
  });

  it('observe sends no exec, http or tcp probe; up and restart refuse; the trusted engine then probes', async () => {
    const { config } = await loadStackFromDisk({ root: tmp.dir, env: process.env });
    assert.ok(config);
    const restricted = createStackEngine(config, { output: quiet, restricted: true });
    try {
      const seen = await restricted.observe();
      for (const s of seen.filter((x) => x.kind === 'external')) assert.equal(s.reason, NOT_CHECKED_UNTRUSTED, s.name);
      await assert.rejects(restricted.up(['app']), /not trusted/);
      await assert.rejects(restricted.restart('app'), /not trusted/);
    } finally {
      restricted.dispose();
    }
    assert.equal(existsSync(join(tmp.dir, 'PROBED')), false, 'the exec probe ran');
    assert.equal(hits, 0, 'the http probe was sent');

    // Trust granted: a new (unrestricted) engine checks them.
    const trusted = createStackEngine(config, { output: quiet });
    try {
      const seen = await trusted.observe();
      assert.equal(seen.find((s) => s.name === 'web')?.state, 'healthy');
      assert.ok(existsSync(join(tmp.dir, 'PROBED')));
      assert.ok(hits >= 1);
    } finally {
      trusted.dispose();
    }
  });

  it('shows a running process of the stack as running, not checked, and stops it only by verified record', async () => {
    const { config } = await loadStackFromDisk({ root: tmp.dir, env: process.env });
    assert.ok(config);
    const trusted = createStackEngine(config, { output: quiet });
    let pid: number;
    try {
      // app's exec probe touches the file as its health check: started trusted, then the file is removed.
      const r = await trusted.up(['app'], { timeoutMs: 20_000 });
      assert.equal(r.ok, true, r.failures.join('; '));
      pid = trusted.status().find((s) => s.name === 'app')!.pid!;
      pids.push(pid);
    } finally {
      trusted.dispose();
    }
    const restricted = createStackEngine(config, { output: quiet, restricted: true });
    try {
      const app = (await restricted.observe()).find((s) => s.name === 'app');
      assert.deepEqual([app?.state, app?.pid, app?.reason], ['running', pid, NOT_CHECKED_UNTRUSTED]);
      await restricted.down();
      assert.equal(alive(pid), false);
    } finally {
      restricted.dispose();
    }
  });
});
