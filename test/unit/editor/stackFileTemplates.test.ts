import * as assert from 'node:assert/strict';
import { posix } from 'node:path';
import { stackFileFromCompose, starterStackFile } from '../../../src/core/editor/stackFileTemplates';
import { load, ROOT } from '../config/loadHelpers';

const compose = `name: shop
services:
  db:
    image: postgres:16
    ports: ["5432:5432"]
  cache:
    image: redis:7
    ports: ["127.0.0.1:6379:6379"]
    healthcheck: { test: ["CMD", "redis-cli", "ping"] }
  debug:
    image: busybox
    profiles: [tools]
`;
const override = 'services:\n  db:\n    environment: { POSTGRES_PASSWORD: dev }\n';

describe('stack file templates', () => {
  it('imports the compose files (override included) so the stack loads the same services under the same project name', async () => {
    const files = { 'docker-compose.yml': compose, 'docker-compose.override.yml': override };
    const before = await load(files);
    assert.ok(before.config);
    const text = stackFileFromCompose({
      name: before.config.name,
      composeFiles: before.config.files.map((f) => posix.relative(ROOT, f)),
      services: Object.values(before.config.services),
    });
    assert.match(text, /^compose: \[docker-compose\.yml, docker-compose\.override\.yml\]$/m);
    const after = await load({ ...files, 'stackpilot.yaml': text });
    assert.deepEqual(after.diagnostics, []);
    assert.ok(after.config);
    assert.equal(after.config.name, 'shop');
    assert.deepEqual(Object.keys(after.config.services).sort(), ['cache', 'db', 'debug']);
    assert.equal((after.config.services.db as { environment: Record<string, string> }).environment.POSTGRES_PASSWORD, 'dev');
    assert.deepEqual(after.config.profiles, { all: ['*'] });
  });

  it('suggests a TCP health check for a published port without a healthcheck, and only then', async () => {
    const text = stackFileFromCompose({
      name: 'shop',
      composeFiles: ['docker-compose.yml'],
      services: Object.values((await load({ 'docker-compose.yml': compose })).config!.services),
    });
    assert.match(text, /^ {2}# db:\n {2}# {3}health: \{ tcp: "127\.0\.0\.1:5432" \}/m);
    assert.doesNotMatch(text, /# cache:/);
    // Uncommented, the suggestion is a valid stack file too.
    const uncommented = text.replace(/^ {2}# /gm, '  ').replace(/^ {2} {2}# /gm, '    ');
    const loaded = await load({ 'docker-compose.yml': compose, 'stackpilot.yaml': uncommented });
    assert.deepEqual(loaded.diagnostics, []);
    assert.equal(loaded.config!.services.db.health?.probe.kind, 'tcp');
  });

  it('still writes a loadable file when the compose file could not be read, quoting odd names', async () => {
    const text = stackFileFromCompose({ name: 'my stack: 2', composeFiles: ['compose.yaml'], services: [] });
    assert.match(text, /^name: "my stack: 2"$/m);
    const loaded = await load({ 'compose.yaml': 'services:\n  a: { image: busybox }\n', 'stackpilot.yaml': text });
    assert.deepEqual(loaded.diagnostics, []);
    assert.equal(loaded.config!.name, 'my stack: 2');
  });

  it('writes a starter that loads without a problem', async () => {
    const loaded = await load({ 'stackpilot.yaml': starterStackFile('yes') });
    assert.deepEqual(loaded.diagnostics, []);
    assert.equal(loaded.config!.name, 'yes');
    assert.deepEqual(Object.keys(loaded.config!.services), ['web']);
  });
});
