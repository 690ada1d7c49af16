/**
 * A dependent whose dependency failed says so in `stackpilot status` (text and --json) read from a
 * second process while `up` supervises (dist/cli.js, real processes): db exits with code 3 and
 * stays down (restart no); api's own probe still passes, and its line reads
 * `healthy … · dependency db exited (exit 3)`.
 */
import * as assert from 'node:assert/strict';
import { CliStack } from './supervisorKit';
import { freePort, SVC_ARGV, waitFor } from './testKit';

describe('status shows a dependent degraded by its failed dependency (dist/cli.js)', function () {
  this.timeout(120_000);
  let stack: CliStack;

  beforeEach(() => {
    stack = new CliStack('sp-degraded-');
  });
  // Ctrl-C as a user would: up stops its stack and its watchdog ends; then down, for a run that failed midway.
  afterEach(() => stack.cleanup({ graceful: true }));

  it('api: healthy · dependency db exited (exit 3), in the table and as degraded in --json', async () => {
    const [db, api] = [await freePort(), await freePort()];
    stack.write(`name: degraded
services:
  db:
    argv: ${SVC_ARGV}
    env: { NAME: db, PORT: "${db}", CRASH_AFTER_MS: "1500", EXIT_CODE: "3" }
    health: { http: "http://127.0.0.1:${db}/health" }
    restart: { policy: "no" }
  api:
    argv: ${SVC_ARGV}
    env: { NAME: api, PORT: "${api}" }
    dependsOn: { db: healthy }
    health: { http: "http://127.0.0.1:${api}/health", startPeriod: 30s }
`);
    const up = stack.start('up');
    await waitFor('db to exit with code 3', () => /db\s+exited with code 3/.test(up.output()), 60_000);
    const shown = await waitFor(
      'the dependent line',
      async () => {
        const s = (await stack.run('status')).stdout;
        return /api\s+healthy\s.*· dependency db exited \(exit 3\)/.test(s) && s;
      },
      // Each `status` is a Node start; on a loaded 2-core machine a few of them take 20 s.
      60_000,
    );
    assert.match(shown, /db\s+exited/);
    const json = await stack.statusJson<{ source: string; services: { name: string; state: string; degraded: string | null }[] }>();
    assert.equal(json.source, 'supervisor');
    assert.deepEqual(
      json.services.map((s) => [s.name, s.state, s.degraded]),
      [
        ['db', 'exited', null],
        ['api', 'healthy', 'dependency db exited (exit 3)'],
      ],
    );
  });
});
