/**
 * A real compose stack from the editor: PostgreSQL, Redis and a Node.js api that queries both by
 * service name on the project network (examples/compose-pg-redis), started and stopped from the
 * command palette in code-server. The api's rows live in a named volume: what is written before
 * Stop is there after the next Start. Screenshots go to test-results/.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { request } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeServerSession, cleanupExtensionsDir, freePort, repoRoot, runCommand } from './codeServer';

const IMAGES = ['stackpilot-test/postgres:1', 'stackpilot-test/redis:1', 'stackpilot-test/node:1'];

/** One HTTP request on its own connection (the api container is replaced between the calls). */
function call(port: number, p: string, body?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: p, method: body === undefined ? 'GET' : 'POST', agent: false, timeout: 10_000 },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('no answer in 10 s')));
    req.end(body);
  });
}

describe('e2e: a compose stack of PostgreSQL, Redis and a Node.js api from the editor', function () {
  this.timeout(420_000);
  const project = `sp-e2e-pg-${process.pid}`;
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-compose-'));
  let port = 0;
  let session: CodeServerSession | undefined;

  before(async function () {
    for (const image of IMAGES) {
      if (spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status !== 0) {
        console.log(`    (skipped: ${image} missing; run scripts/test-env.sh)`);
        this.skip();
      }
    }
    port = await freePort();
    fs.cpSync(path.join(repoRoot, 'examples', 'compose-pg-redis'), source, { recursive: true });
    fs.writeFileSync(path.join(source, '.env'), `COMPOSE_PROJECT_NAME=${project}\nAPI_PORT=${port}\n`);
    fs.chmodSync(source, 0o755);
    session = new CodeServerSession({ workspace: source, trust: true, settings: { 'stackpilot.autoStart': 'off' } });
    await session.open();
    fs.chmodSync(session.workspace, 0o755); // the api container reads ./api as its own user
    await session.page.getByRole('tab', { name: /^Stackpilot/ }).click();
    await session.page.locator('.monaco-list-row[aria-label^="postgres, stopped"]').waitFor({ timeout: 60_000 });
  });
  after(async () => {
    await session?.close(); // `stackpilot down` from the state file: containers and the project network
    const docker = (...args: string[]) => spawnSync('docker', args, { stdio: 'ignore' });
    const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=dev.stackpilot.project=${project}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    if (ids.length) docker('rm', '-f', ...ids);
    docker('volume', 'rm', '-f', `${project}_pgdata`);
    const nets = execFileSync('docker', ['network', 'ls', '-q', '--filter', `label=dev.stackpilot.project=${project}`], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    if (nets.length) docker('network', 'rm', ...nets);
    fs.rmSync(source, { recursive: true, force: true });
    cleanupExtensionsDir();
  });

  it('reaches healthy from the command palette, the api answering from both servers by name', async () => {
    const page = session!.page;
    await runCommand(page, 'Stackpilot: Start Stack');
    await page.locator('.statusbar-item', { hasText: '3/3 up' }).waitFor({ timeout: 240_000 });
    for (const name of ['postgres', 'redis', 'api'])
      await page.locator(`.monaco-list-row[aria-label^="${name}, healthy"]`).first().waitFor({ timeout: 15_000 });
    await session!.screenshot('compose-pg-redis-healthy');
    assert.deepEqual((await call(port, '/health')).json, { postgres: true, redis: true });
    const net = execFileSync('docker', ['network', 'ls', '--format', '{{.Name}}', '--filter', `label=dev.stackpilot.project=${project}`], {
      encoding: 'utf8',
    }).trim();
    assert.equal(net, `${project}_default`);
  });

  it('keeps rows written before Stop in the named volume: they are there after the next Start', async () => {
    const page = session!.page;
    const written = await call(port, '/notes', JSON.stringify({ text: 'written before stop' }));
    assert.equal(written.status, 201);
    await runCommand(page, 'Stackpilot: Stop Stack');
    await page.locator('.statusbar-item', { hasText: 'stopped' }).waitFor({ timeout: 60_000 });
    assert.equal(
      execFileSync('docker', ['ps', '-q', '--filter', `label=dev.stackpilot.project=${project}`], { encoding: 'utf8' }).trim(),
      '',
      'containers left running',
    );
    await runCommand(page, 'Stackpilot: Start Stack');
    await page.locator('.statusbar-item', { hasText: '3/3 up' }).waitFor({ timeout: 240_000 });
    const notes = (await call(port, '/notes')).json.notes as { text: string }[];
    assert.deepEqual(
      notes.map((n) => n.text),
      ['written before stop'],
    );
    await session!.screenshot('compose-pg-redis-restarted');
  });
});
