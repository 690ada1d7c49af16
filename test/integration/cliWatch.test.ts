/**
 * `stackpilot up` (dist/cli.js) supervising a service with `watch:`: it says what it watches, a
 * saved file restarts the service (the state line names the file), --no-watch turns it off, and
 * `--watch --wait` is a usage error. Real processes, real files.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, tempDir } from './testKit';

const cli = path.resolve(__dirname, '../..', 'dist', 'cli.js');

async function waitUntil(check: () => boolean, ms: number, what: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('stackpilot up watches files while it supervises (dist/cli.js)', function () {
  this.timeout(90_000);
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });

  async function stack(dir: string): Promise<void> {
    const port = await freePort();
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(
      path.join(dir, 'src', 'app.js'),
      `require('node:http').createServer((q, r) => r.end('ok')).listen(${port}, '127.0.0.1');\nprocess.on('SIGTERM', () => process.exit(0));\n`,
    );
    fs.writeFileSync(
      path.join(dir, 'stackpilot.yaml'),
      `name: cli-watch-${port}\nservices:\n  app:\n    command: node src/app.js\n    health: { http: "http://127.0.0.1:${port}/", interval: 5s }\n    watch: ["src/**"]\n`,
    );
  }

  for (const noWatch of [false, true]) {
    it(noWatch ? 'does not watch with --no-watch' : 'restarts the service when a watched file is saved, naming the file', async () => {
      const t = tempDir('sp-cli-watch-');
      await stack(t.dir);
      const child = spawn(process.execPath, [cli, 'up', ...(noWatch ? ['--no-watch'] : [])], {
        cwd: t.dir,
        env: { ...process.env, NO_COLOR: '1' },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += String(d)));
      child.stderr.on('data', (d) => (out += String(d)));
      try {
        await waitUntil(
          () => out.includes('supervising'),
          30_000,
          () => `the stack to come up:\n${out}`,
        );
        if (noWatch) {
          assert.doesNotMatch(out, /watching/);
        } else {
          assert.match(out, /watching \d+ folders: a change restarts app/);
          fs.appendFileSync(path.join(t.dir, 'src', 'app.js'), '// edited\n');
          await waitUntil(
            () =>
              /app\s+starting restarting · src\/app\.js changed/.test(out) &&
              /app\s+healthy[\s\S]*restarting · src\/app\.js changed[\s\S]*app\s+healthy/.test(out),
            30_000,
            () => `the restart:\n${out}`,
          );
        }
        child.kill('SIGINT');
        assert.equal(await new Promise<number | null>((r) => child.on('exit', r)), 0, out);
      } finally {
        child.kill('SIGKILL');
        spawnSync(process.execPath, [cli, 'down'], { cwd: t.dir, timeout: 60_000 });
        t.remove();
      }
    });
  }

  it('--watch with --wait is a usage error', () => {
    const r = spawnSync(process.execPath, [cli, 'up', '--watch', '--wait'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--watch needs a supervising `up`/);
  });
});
