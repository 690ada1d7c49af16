import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceStatus } from '../../src/core/engine/state';
import { createStackEngine, loadStackFromDisk, type StackEngine } from '../../src/infra/createStackEngine';
import { watchStack, type StackWatch } from '../../src/infra/watch/watchStack';
import { freePort, tempDir, waitFor } from './testKit';

const APP = `const http = require('node:http');
require('./src/handler.js');
const s = http.createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => s.close(() => process.exit(0)));
`;
const WORKER = `console.log('worker up'); setInterval(() => {}, 1000); process.on('SIGTERM', () => process.exit(0));\n`;

/** Reasons of the watch restarts a service went through ("restarting · ..." on its starting transitions). */
function restarts(s: ServiceStatus | undefined): string[] {
  return (s?.transitions ?? [])
    .filter((t) => t.to === 'starting' && t.reason?.startsWith('restarting · '))
    .map((t) => t.reason!.slice('restarting · '.length));
}

describe('watch: restarts a process service on file changes (real files, real processes, inotify)', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let engine: StackEngine | undefined;
  let watch: StackWatch | undefined;

  beforeEach(async () => {
    tmp = tempDir('sp-watch-');
    const port = await freePort();
    mkdirSync(join(tmp.dir, 'api/src'), { recursive: true });
    mkdirSync(join(tmp.dir, 'api/node_modules/dep'), { recursive: true });
    writeFileSync(join(tmp.dir, 'api/app.js'), APP);
    writeFileSync(join(tmp.dir, 'api/src/handler.js'), 'module.exports = 1;\n');
    writeFileSync(join(tmp.dir, 'worker.js'), WORKER);
    writeFileSync(join(tmp.dir, '.gitignore'), 'api/generated/\n');
    writeFileSync(
      join(tmp.dir, 'stackpilot.yaml'),
      `name: watch-${port}
services:
  api:
    command: node app.js
    cwd: api
    env: { PORT: "${port}" }
    health: { http: "http://127.0.0.1:${port}/", interval: 5s }
    watch: { paths: ["**/*.js", "package.json"], ignore: ["**/*.test.js"] }
  worker:
    command: node worker.js
    dependsOn: { api: healthy }
    restartWith: [api]
`,
    );
  });

  afterEach(async () => {
    watch?.dispose();
    watch = undefined;
    await engine?.down();
    engine?.dispose();
    engine = undefined;
    tmp.remove();
  });

  async function upAndWatch(): Promise<StackEngine> {
    const { config, diagnostics } = await loadStackFromDisk({ root: tmp.dir, env: process.env });
    assert.ok(config, JSON.stringify(diagnostics));
    const e = (engine = createStackEngine(config, { output: { debug() {}, info() {}, warn() {}, error() {} } }));
    const up = await e.up(['api', 'worker']);
    assert.ok(up.ok, up.failures.join('; '));
    watch = await watchStack(e, config, ['api', 'worker'], { debug() {}, info() {}, warn() {}, error() {} });
    assert.ok(watch && watch.watchedDirs >= 2);
    return e;
  }

  const status = (e: StackEngine, n: string) => e.status().find((s) => s.name === n);
  const upAgain = (e: StackEngine, n: string, count: number) =>
    waitFor(
      `${n} restarted ${count}x and up`,
      () => {
        const s = status(e, n);
        return restarts(s).length >= count && (s?.state === 'healthy' || s?.state === 'running');
      },
      20_000,
    );

  it('restarts exactly once for a burst of saves, never for unwatched files, then its restartWith dependents', async () => {
    const e = await upAndWatch();
    const apiPid = status(e, 'api')!.pid;
    const workerPid = status(e, 'worker')!.pid;
    // Unwatched first (inotify reports a folder's events in order): had any of them counted, it would
    // be in the restart's reason, which lists every file of the burst.
    writeFileSync(join(tmp.dir, 'api/README.md'), 'docs\n');
    writeFileSync(join(tmp.dir, 'api/node_modules/dep/index.js'), 'x\n');
    writeFileSync(join(tmp.dir, 'api/src/handler.test.js'), 'x\n');
    mkdirSync(join(tmp.dir, 'api/generated'));
    writeFileSync(join(tmp.dir, 'api/generated/out.js'), 'x\n');
    writeFileSync(join(tmp.dir, 'api/src/.handler.js.swp'), 'x\n');
    for (let i = 0; i < 5; i++) writeFileSync(join(tmp.dir, 'api/src/handler.js'), `module.exports = ${i};\n`);
    await upAgain(e, 'api', 1);
    await upAgain(e, 'worker', 1);
    await watch!.idle();
    assert.deepEqual(restarts(status(e, 'api')), ['src/handler.js changed']);
    assert.deepEqual(restarts(status(e, 'worker')), ['api restarted']);
    assert.notEqual(status(e, 'api')!.pid, apiPid);
    assert.notEqual(status(e, 'worker')!.pid, workerPid);
    // The worker restarted after api was healthy again, not before.
    const apiHealthy = status(e, 'api')!
      .transitions.filter((t) => t.to === 'healthy')
      .at(-1)!.at;
    const workerRestart = status(e, 'worker')!.transitions.find((t) => t.reason === 'restarting · api restarted')!.at;
    assert.ok(workerRestart >= apiHealthy);
  });

  it('a save made while the service restarts is not lost: one more restart follows', async () => {
    const e = await upAndWatch();
    writeFileSync(join(tmp.dir, 'api/src/handler.js'), 'module.exports = 1;\n');
    await waitFor('api restarting', () => {
      const st = status(e, 'api')?.state;
      return st === 'stopping' || st === 'stopped' || st === 'waiting' || st === 'starting';
    });
    writeFileSync(join(tmp.dir, 'api/package.json'), '{}\n');
    await upAgain(e, 'api', 2).catch((err: Error) => assert.fail(`${err.message}: ${JSON.stringify(status(e, 'api')?.transitions)}`));
    await watch!.idle();
    assert.deepEqual(restarts(status(e, 'api')), ['src/handler.js changed', 'package.json changed']);
  });

  it('a new folder is watched as it appears; a stopped service is not restarted by a save', async () => {
    const e = await upAndWatch();
    mkdirSync(join(tmp.dir, 'api/src/routes'));
    await waitFor('new folder watched', () => watch!.watchedDirs >= 3);
    writeFileSync(join(tmp.dir, 'api/src/routes/users.js'), 'x\n');
    await upAgain(e, 'api', 1);
    await watch!.idle();
    assert.deepEqual(restarts(status(e, 'api')), ['src/routes/users.js changed']);
    await e.down(['worker', 'api']);
    writeFileSync(join(tmp.dir, 'api/src/handler.js'), 'module.exports = 9;\n');
    // Proof the change was seen and dropped: a later watched change of a live service still works is
    // not available here (everything is stopped), so wait for the debounce plus margin, then check.
    await new Promise((r) => setTimeout(r, 600));
    await watch!.idle();
    assert.equal(status(e, 'api')!.state, 'stopped');
  });
});
