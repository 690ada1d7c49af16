/**
 * `status` and the supervisor agree (the built CLI, real processes): during a short chaos run on a
 * foreground `up --prometheus 0` (kill -9 of services with restart policies, SIGSTOP then SIGCONT of
 * a tcp-probed one), `status --json` from a second process is sampled between two reads of the
 * supervisor's own Prometheus metrics; whenever the supervisor did not change between the two,
 * status must show exactly its states and restart counts, and it always reads the supervisor's view.
 */
import * as assert from 'node:assert/strict';
import { CliStack, fiveServices } from './supervisorKit';
import { waitFor } from './testKit';

type View = Record<string, { state: string; restarts: number }>;

/** The supervisor's own view, from its metrics: the state whose gauge is 1, and the restart counter. */
async function metricsView(url: string): Promise<View> {
  const text = await (await fetch(url)).text();
  const view: View = {};
  for (const m of text.matchAll(/^stackpilot_service_state\{service="([^"]+)",state="([^"]+)"[^}]*\} 1$/gm))
    (view[m[1]] ??= { state: '', restarts: 0 }).state = m[2];
  for (const m of text.matchAll(/^stackpilot_service_restarts_total\{service="([^"]+)"[^}]*\} (\d+)$/gm))
    (view[m[1]] ??= { state: '', restarts: 0 }).restarts = Number(m[2]);
  return view;
}

describe('status and the supervisor agree (dist/cli.js, real processes)', function () {
  this.timeout(300_000);
  let s: CliStack;

  beforeEach(async () => {
    s = new CliStack();
    s.write(await fiveServices());
  });
  afterEach(async () => {
    await s.cleanup();
  });

  it('at every sample of a chaos run where the supervisor held still, status --json shows its states and restarts', async () => {
    const up = await s.supervise('--prometheus', '0', '--quiet');
    const url = await waitFor('the metrics URL', () => /Prometheus metrics at (\S+)/.exec(up.output())?.[1], 30_000);
    const samples: View[] = [];
    let stable = 0;
    let total = 0;
    /** Three samples: metrics, status --json, metrics; a verdict whenever the two metric reads are equal. */
    const sample = async (n = 3) => {
      for (let i = 0; i < n; i++) {
        const before = await metricsView(url);
        const j = await s.statusJson();
        const after = await metricsView(url);
        total++;
        assert.equal(j.source, 'supervisor', 'status reads the supervisor, never probes on its own');
        if (JSON.stringify(before) !== JSON.stringify(after)) continue; // the supervisor changed meanwhile: no verdict
        const status: View = Object.fromEntries(j.services.map((x) => [x.name, { state: x.state, restarts: x.restarts }]));
        stable++;
        samples.push(status);
        assert.deepEqual(status, before, `sample ${total}: status --json differs from the supervisor's metrics`);
      }
    };
    const pidOf = async (name: string) => (await s.marked())[name]?.[0];
    const until = (what: string, fn: (v: View) => boolean) => waitFor(what, async () => fn(await metricsView(url)), 60_000);

    await sample();
    process.kill((await pidOf('worker'))!, 'SIGKILL'); // on-failure: restarted
    await until('worker restarted', (v) => v.worker.restarts === 1 && v.worker.state === 'running');
    await sample();
    const api = (await pidOf('api'))!;
    s.pauseTracked(api);
    process.kill(api, 'SIGSTOP'); // paused: unhealthy, while its port still accepts connections
    await until('api paused', (v) => v.api.state === 'unhealthy');
    await sample();
    s.resume(api);
    await until('api healthy again', (v) => v.api.state === 'healthy');
    await sample();
    process.kill((await pidOf('cron'))!, 'SIGKILL'); // unless-stopped: restarted
    await until('cron restarted', (v) => v.cron.restarts === 1 && v.cron.state === 'running');
    await sample();
    console.log(`      ${stable} of ${total} samples with the supervisor holding still; all agreed`);
    assert.ok(stable >= 8, `only ${stable} of ${total} samples where the supervisor held still`);
    assert.ok(
      samples.some((v) => v.api.state === 'unhealthy'),
      'the paused service was among the compared samples',
    );
    const last = samples[samples.length - 1];
    assert.ok(last.worker.restarts >= 1 && last.cron.restarts >= 1, JSON.stringify(last));
  });
});
