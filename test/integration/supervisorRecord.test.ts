/**
 * A supervising `stackpilot up` (dist/cli.js) records itself, with its start time, as the
 * supervisor of its services in `.stackpilot/supervisors/`, and removes the record when it exits.
 * A window that reopens reads it to leave those services alone: for a docker service (no pid, no
 * parent to look at) it is the only way to tell.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { claimSupervision, liveSupervisors, readSupervisors } from '../../src/infra/state/supervisorRecords';
import { whoSupervises } from '../../src/infra/state/supervisedElsewhere';
import { containersOf, IMAGE, removeProject, requireDocker, uniqueProject } from './dockerKit';
import { freePort, SVC, tempDir, waitFor } from './testKit';

const cli = path.resolve(__dirname, '../../dist/cli.js');

describe('stackpilot up records its supervision (docker and process services)', function () {
  this.timeout(120_000);
  const project = uniqueProject();
  const t = tempDir('sp-supervisor-');
  before(function (done) {
    if (!fs.existsSync(cli)) return done(new Error('dist/cli.js is missing: run `npm run build` first'));
    requireDocker(this, done);
  });
  after(() => {
    removeProject(project);
    t.remove();
  });

  it('is present and alive while up supervises, and gone after Ctrl-C', async () => {
    const [webPort, apiPort] = [await freePort(), await freePort()];
    fs.writeFileSync(
      path.join(t.dir, 'stackpilot.yaml'),
      `name: ${project}
services:
  web:
    image: ${IMAGE}
    command: ["httpd", "-f", "-p", "127.0.0.1:${webPort}", "-h", "/etc"]
    networkMode: host
    stopGracePeriod: 1s
    health: { tcp: "127.0.0.1:${webPort}" }
  api:
    argv: [${JSON.stringify(process.execPath)}, ${JSON.stringify(SVC)}]
    env: { NAME: api, PORT: "${apiPort}" }
    health: { http: "http://127.0.0.1:${apiPort}/health" }
`,
    );
    const runDir = path.join(t.dir, '.stackpilot');
    const child = spawn(process.execPath, [cli, 'up'], { cwd: t.dir, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await waitFor(`the stack to come up:\n${out}`, () => out.includes('supervising'), 60_000);
      const live = await liveSupervisors(runDir);
      assert.equal(live.length, 1, JSON.stringify(live));
      assert.equal(live[0].pid, child.pid);
      assert.deepEqual([...live[0].services].sort(), ['api', 'web']);
      assert.match(live[0].startTime ?? '', /^\d+$/, 'the start time guards against a reused pid');
      // What a reopened window decides: the docker service has no pid, yet is known to be supervised.
      assert.equal(await whoSupervises({ name: 'web' }, runDir), `stackpilot up (pid ${child.pid})`);
      assert.equal(await whoSupervises({ name: 'api', pid: 1 }, runDir), `stackpilot up (pid ${child.pid})`);
      assert.equal(await whoSupervises({ name: 'other' }, runDir), undefined);

      // The same pid with another start time is a different process: not a live supervisor.
      const file = path.join(runDir, 'supervisors', `${child.pid}.json`);
      const real = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(real), startTime: '1' }));
      assert.deepEqual(await liveSupervisors(runDir), []);
      fs.writeFileSync(file, real);

      child.kill('SIGINT');
      assert.equal(await exited, 0, out);
      assert.deepEqual(await readSupervisors(runDir), [], 'the record is removed when up exits');
      assert.equal(await whoSupervises({ name: 'web' }, runDir), undefined);
      await waitFor('containers removed', () => containersOf(project).length === 0, 10_000);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a supervisor killed without cleaning up does not count, and the next claim replaces its record', async () => {
    const runDir = path.join(t.dir, '.stackpilot');
    const dir = path.join(runDir, 'supervisors');
    fs.mkdirSync(dir, { recursive: true });
    // A pid that is not running (above the kernel's pid_max default).
    fs.writeFileSync(path.join(dir, '4194999.json'), JSON.stringify({ pid: 4194999, startTime: '5', services: ['web'], since: 1 }));
    assert.equal((await readSupervisors(runDir)).length, 1);
    assert.deepEqual(await liveSupervisors(runDir), []);
    assert.equal(await whoSupervises({ name: 'web' }, runDir), undefined);
    // Claiming (here from this process) clears the dead record and adds a live one; release removes it.
    const release = await claimSupervision(runDir, ['web']);
    assert.deepEqual(
      (await readSupervisors(runDir)).map((r) => r.pid),
      [process.pid],
    );
    assert.equal((await liveSupervisors(runDir)).length, 1);
    await release();
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
