/**
 * The built `stackpilot` CLI (dist/cli.js) against real processes: the example stack up and down,
 * Ctrl-C teardown, a killed supervisor followed by adoption and a clean down, partial failure, and
 * bad config reported with file:line:col.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { alive, freePort, SVC, SVC_ARGV, tempDir, writeSvcStack } from './testKit';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function recordedPids(dir: string): number[] {
  const file = path.join(dir, '.stackpilot', 'state.json');
  if (!fs.existsSync(file)) return [];
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { records: { pid?: number; completedAt?: number }[] };
  return state.records.filter((r) => r.completedAt === undefined && r.pid).map((r) => r.pid!);
}

async function waitUntil(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** db (healthy gate) <- api, and what a test adds. */
const writeStack = (dir: string, extra = '') => writeSvcStack(dir, { name: 'cli-test', dbReadyMs: 200, extra });

describe('stackpilot CLI (dist/cli.js, real processes)', function () {
  this.timeout(90_000);
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });

  it('brings examples/ up with --wait, reports status, and takes it down with nothing left', () => {
    const t = tempDir('sp-cli-examples-');
    fs.cpSync(path.join(root, 'examples'), t.dir, { recursive: true, filter: (p) => !p.includes('.stackpilot') });
    try {
      const up = run(t.dir, 'up', '--wait');
      assert.equal(up.code, 0, up.out + up.err);
      assert.match(up.out, /example-shop: up in/);
      const status = run(t.dir, 'status', '--json');
      assert.equal(status.code, 0, status.out + status.err);
      const states = Object.fromEntries(
        (JSON.parse(status.out) as { services: { name: string; state: string }[] }).services.map((s) => [s.name, s.state]),
      );
      assert.deepEqual(states, { db: 'healthy', cache: 'running', migrate: 'completed', api: 'healthy', worker: 'running' });
      const pids = recordedPids(t.dir);
      assert.equal(pids.length, 4);
      const plan = run(t.dir, 'plan');
      assert.match(plan.out, /critical path: db -> migrate -> api -> worker \(.* from the last run\)/);
      const down = run(t.dir, 'down');
      assert.equal(down.code, 0, down.err);
      for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} survived down`);
      // Afterwards status says who stopped them and when, not a bare `stopped` (migrate had completed: not stopped by down).
      const after = run(t.dir, 'status');
      for (const n of ['db', 'cache', 'api', 'worker'])
        assert.match(after.out, new RegExp(`${n} +stopped +by stackpilot down at \\d\\d:\\d\\d:\\d\\d`), after.out);
    } finally {
      run(t.dir, 'down');
      t.remove();
    }
  });

  it('services named in any script (数据库, 服务器, datenbank-ü): own log files, status, logs and down by name', async () => {
    const t = tempDir('sp-cli-names-');
    const names = ['数据库', '服务器', 'datenbank-ü'];
    const svc = (n: string) =>
      `  ${n}:\n    argv: ${JSON.stringify([process.execPath, '-e', `setInterval(() => console.log('I am ' + ${JSON.stringify(n)}), 100)`])}\n`;
    fs.writeFileSync(path.join(t.dir, 'stackpilot.yaml'), `name: cli-names\nservices:\n${names.map(svc).join('')}`);
    try {
      const up = run(t.dir, 'up', '--wait');
      assert.equal(up.code, 0, up.out + up.err);
      const status = run(t.dir, 'status', '--json');
      const states = (JSON.parse(status.out) as { services: { name: string; state: string }[] }).services.map((s) => [s.name, s.state]);
      assert.deepEqual(states.sort(), names.map((n) => [n, 'running']).sort(), status.out + status.err);
      assert.equal(
        fs.readdirSync(path.join(t.dir, '.stackpilot', 'logs')).filter((f) => f.endsWith('.out.log')).length,
        3,
        'one log file each',
      );
      for (const n of names) {
        await waitUntil(() => run(t.dir, 'logs', n, '--tail', '1').out.includes(`I am ${n}`), 10_000, `${n}'s own output`);
        assert.doesNotMatch(
          run(t.dir, 'logs', n).out,
          new RegExp(
            names
              .filter((o) => o !== n)
              .map((o) => `I am ${o}`)
              .join('|'),
          ),
        );
      }
      const pids = recordedPids(t.dir);
      assert.equal(pids.length, 3);
      const down = run(t.dir, 'down');
      assert.equal(down.code, 0, down.out + down.err);
      assert.doesNotMatch(down.out + down.err, /never recorded|does not carry/, down.out + down.err);
      for (const n of names) assert.match(down.out + down.err, new RegExp(`${n}: stopped`));
      for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} survived down`);
    } finally {
      run(t.dir, 'down');
      t.remove();
    }
  });

  it("validate: --file naming a missing file is that error (not the folder's compose.yaml); a missing program is a located warning", () => {
    const t = tempDir('sp-cli-validate-');
    try {
      fs.writeFileSync(path.join(t.dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n');
      const missing = run(t.dir, 'validate', '--file', 'nope.yaml');
      assert.equal(missing.code, 1);
      assert.match(missing.err, /nope\.yaml:1:1: error: nope\.yaml does not exist \(named by --file\)/);
      assert.doesNotMatch(missing.out, /✓/);
      fs.writeFileSync(path.join(t.dir, 'stackpilot.yaml'), 'services:\n  a:\n    command: no-such-program-here --x\n');
      const warned = run(t.dir, 'validate');
      assert.equal(warned.code, 0, warned.err);
      assert.match(warned.err, /stackpilot\.yaml:2:3: warning: `a` runs `no-such-program-here`, which is not found on PATH/);
    } finally {
      t.remove();
    }
  });

  it('Ctrl-C on a foreground up stops every service and its children', async () => {
    const t = tempDir('sp-cli-sigint-');
    await writeStack(t.dir);
    const child = spawn(process.execPath, [cli, 'up'], { cwd: t.dir, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    try {
      await waitUntil(() => out.includes('supervising'), 30_000, `the stack to come up:\n${out}`);
      const grandchild = Number(/child (\d+)/.exec(fs.readFileSync(path.join(t.dir, '.stackpilot', 'logs', 'db.out.log'), 'utf8'))?.[1]);
      const pids = [...recordedPids(t.dir), grandchild];
      assert.equal(pids.length, 3);
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      assert.equal(code, 0, out);
      assert.match(out, /stopped/);
      for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} survived Ctrl-C`);
    } finally {
      child.kill('SIGKILL');
      run(t.dir, 'down');
      t.remove();
    }
  });

  it('Ctrl-C exits within seconds while a webhook receiver answers 503 + Retry-After: 30; a second Ctrl-C skips the wait', async () => {
    let hits = 0;
    const receiver = createServer((req, res) => {
      hits++;
      req.resume();
      res.writeHead(503, { 'Retry-After': '30' }).end('busy');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      for (const second of [false, true]) {
        const t = tempDir('sp-cli-drain-');
        const node = JSON.stringify(process.execPath);
        const port = await freePort();
        fs.writeFileSync(
          path.join(t.dir, 'stackpilot.yaml'),
          `name: drain-test
monitoring:
  webhooks: [{ name: hook, urlEnv: HOOK, retries: 3 }]
services:
  flaky:
    argv: [${node}, ${JSON.stringify(SVC)}]
    env: { NAME: flaky, PORT: "${port}", CRASH_AFTER_MS: "1500" }
    health: { http: "http://127.0.0.1:${port}/health" }
    restart: { policy: "no" }
`,
        );
        const before = hits;
        const child = spawn(process.execPath, [cli, 'up'], { cwd: t.dir, env: { ...process.env, NO_COLOR: '1', HOOK: hook } });
        let out = '';
        child.stdout.on('data', (d) => (out += String(d)));
        child.stderr.on('data', (d) => (out += String(d)));
        const exited = new Promise<number | null>((r) => child.on('exit', r));
        try {
          await waitUntil(() => hits > before && out.includes('supervising'), 30_000, `the service-down webhook:\n${out}`);
          let sent = Date.now();
          child.kill('SIGINT');
          if (second) {
            await waitUntil(() => /delivering \d+ webhook notification/.test(out), 10_000, `the delivering line:\n${out}`);
            // What the second Ctrl-C promises is timed from it: the stop before it is the first one's work.
            sent = Date.now();
            child.kill('SIGINT');
          }
          const code = await exited;
          const took = Date.now() - sent;
          assert.equal(code, 0, out);
          // service-down fired, then resolved when the stack stopped: both still retrying.
          assert.match(out, /stopped\n(.|\n)*delivering [12] webhook notifications?… \(Ctrl-C to skip\)/);
          assert.match(out, /[12] webhook notifications? not delivered/);
          assert.ok(took < (second ? 2500 : 6000), `exit took ${took} ms after SIGINT:\n${out}`);
        } finally {
          child.kill('SIGKILL');
          await exited;
          run(t.dir, 'down');
          t.remove();
        }
      }
    } finally {
      receiver.close();
    }
  });

  it('up --prometheus prints the metrics URL once', async () => {
    const t = tempDir('sp-cli-prom-');
    await writeStack(t.dir);
    const child = spawn(process.execPath, [cli, 'up', '--prometheus', '0', '--quiet'], {
      cwd: t.dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await waitUntil(
        () => out.includes('supervising') && out.includes('Prometheus metrics at'),
        30_000,
        `the stack and the endpoint:\n${out}`,
      );
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGINT');
      assert.equal(await exited, 0, out);
      assert.equal(out.match(/Prometheus metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/g)?.length, 1, out);
    } finally {
      child.kill('SIGKILL');
      await exited;
      run(t.dir, 'down');
      t.remove();
    }
  });

  it('after kill -9 of the supervisor, its watchdog stops the services; the next up starts anew and down leaves nothing', async () => {
    const t = tempDir('sp-cli-kill9-');
    await writeStack(t.dir);
    const child = spawn(process.execPath, [cli, 'up'], { cwd: t.dir, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    try {
      await waitUntil(() => out.includes('supervising'), 30_000, `the stack to come up:\n${out}`);
      const before = recordedPids(t.dir).sort();
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      // A foreground run's services do not outlive their supervisor (`up --wait` hands them over instead).
      await waitUntil(() => before.every((pid) => !alive(pid)), 30_000, 'the watchdog to stop the services');
      const up = run(t.dir, 'up', '--wait');
      assert.equal(up.code, 0, up.out + up.err);
      assert.doesNotMatch(up.out, /adopted/);
      assert.equal(run(t.dir, 'down').code, 0);
      for (const pid of recordedPids(t.dir)) assert.equal(alive(pid), false, `pid ${pid} left behind`);
    } finally {
      child.kill('SIGKILL');
      run(t.dir, 'down');
      t.remove();
    }
  });

  it('up --wait exits 1 with a summary when one service fails; unrelated services run on', async () => {
    const t = tempDir('sp-cli-fail-');
    await writeStack(
      t.dir,
      `  broken:
    argv: ${SVC_ARGV}
    env: { NAME: broken, CRASH_AFTER_MS: "50", EXIT_CODE: "3" }
    restart: { policy: "no" }
  needs-broken:
    argv: ${SVC_ARGV}
    dependsOn: { broken: healthy }
`,
    );
    try {
      const up = run(t.dir, 'up', '--wait', '--timeout', '30');
      assert.equal(up.code, 1, up.out + up.err);
      assert.match(up.out, /api\s+healthy/);
      assert.match(up.out + up.err, /broken\s+exited.*code 3/);
      assert.match(up.out + up.err, /needs-broken.*(blocked|dependency broken)/);
    } finally {
      run(t.dir, 'down');
      t.remove();
    }
  });

  it("<command> --help / -h prints that command's usage and does nothing else", async function () {
    // 32 runs of the CLI one after another: each is a Node start-up, 2-3 s when the cores are busy.
    this.timeout(300_000);
    const t = tempDir('sp-cli-help-');
    await writeStack(t.dir);
    try {
      for (const command of ['validate', 'plan', 'up', 'down', 'status', 'logs', 'scan', 'report']) {
        for (const args of [
          [command, '--help'],
          [command, '-h'],
          [command, 'api', '--wait', '-h'],
          ['help', command],
        ]) {
          if (command === 'scan' && args.includes('--wait')) continue;
          const r = run(t.dir, ...args);
          assert.equal(r.code, 0, `${args.join(' ')}: ${r.out}${r.err}`);
          assert.match(r.out, new RegExp(`^usage: stackpilot ${command} `), args.join(' '));
          assert.equal(r.err, '', args.join(' '));
        }
      }
      assert.equal(fs.existsSync(path.join(t.dir, '.stackpilot')), false, 'up/report --help ran something');
      const unknown = run(t.dir, 'frobnicate', '--help');
      assert.equal(unknown.code, 2);
      assert.match(unknown.err, /unknown command `frobnicate`/);
    } finally {
      run(t.dir, 'down');
      t.remove();
    }
  });

  it('report: a last-run file that is not JSON is a clear error naming it; malformed metrics and history lines are skipped and reported', async () => {
    const t = tempDir('sp-cli-report-');
    await writeStack(t.dir);
    const runDir = path.join(t.dir, '.stackpilot');
    fs.mkdirSync(runDir);
    try {
      fs.writeFileSync(path.join(runDir, 'last-run.json'), '{"version":1,"stack":');
      const broken = run(t.dir, 'report');
      assert.equal(broken.code, 1, broken.out + broken.err);
      assert.match(
        broken.err,
        /error: \.stackpilot\/last-run\.json is not a readable run record \(.*\); delete it, or run `stackpilot up`/,
      );
      assert.equal(fs.existsSync(path.join(runDir, 'report.html')), false);

      const now = Date.now();
      fs.writeFileSync(
        path.join(runDir, 'last-run.json'),
        JSON.stringify({
          version: 1,
          stack: 'cli-test',
          profile: null,
          selected: ['db', 'api'],
          mode: 'supervise',
          startedAt: now - 60_000,
          updatedAt: now,
          endedAt: now - 1000,
          failures: [],
          services: [],
          metrics: { services: [{ name: 'db', cpuPercent: 'lots', uptime: 1 }] },
        }),
      );
      fs.writeFileSync(
        path.join(runDir, 'alerts.jsonl'),
        `${JSON.stringify({ at: now - 30_000, kind: 'firing', key: 'service-down/db', ruleId: 'service-down', service: 'db', severity: 'critical', summary: 'Service is down', notify: true })}\n{"at":-1e20,"kind":"firing","key":"k","ruleId":"r","severity":"critical","summary":"s"}\n`,
      );
      const r = run(t.dir, 'report');
      assert.equal(r.code, 0, r.out + r.err);
      assert.match(r.out, /skipped 1 unreadable line of the alert history \(first: \.stackpilot\/alerts\.jsonl:2: `at` is not a time\)/);
      assert.match(r.out, /\.stackpilot\/last-run\.json: ignored metrics of db: cpuPercent/);
      assert.match(r.out, /1 alert firing at the end of the run, 1 alert transition/);
      const html = fs.readFileSync(path.join(runDir, 'report.html'), 'utf8');
      assert.match(html, /first: \.stackpilot\/alerts\.jsonl:2: `at` is not a time/);
      assert.match(html, /ignored metrics of db: uptime/);
    } finally {
      t.remove();
    }
  });

  it('rejects bad config with file:line:col and a helpful message, starting nothing', () => {
    const t = tempDir('sp-cli-bad-');
    fs.writeFileSync(
      path.join(t.dir, 'stackpilot.yaml'),
      `services:
  api:
    command: node server.js
    helth: { tcp: "127.0.0.1:1" }
    dependsOn: [worker]
  worker:
    command: node worker.js
    dependsOn: [api]
`,
    );
    try {
      for (const args of [['validate'], ['up', '--wait']]) {
        const r = run(t.dir, ...args);
        assert.equal(r.code, 1, r.out + r.err);
        assert.match(r.err, /stackpilot\.yaml:4:5: error: .*helth.*did you mean .*health/i);
        assert.match(r.err, /api -> worker -> api|worker -> api -> worker/);
      }
      assert.equal(fs.existsSync(path.join(t.dir, '.stackpilot', 'state.json')), false);
    } finally {
      t.remove();
    }
  });
});
