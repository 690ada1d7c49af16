import { strict as assert } from 'node:assert';
import { at } from './memoryFs';
import { load, only, pos, ROOT } from './loadHelpers';

const FILE = `${ROOT}/stackpilot.yaml`;

describe('config diagnostics: located, saying what is wrong and what would be right', () => {
  it('unknown key with a did-you-mean, at the key', async () => {
    const text = 'services:\n  api:\n    comand: npm start\n';
    const r = await load({ 'stackpilot.yaml': text });
    const d = only(r, 'unknown-key');
    assert.deepEqual(pos(d), at(text, 3, 'comand'));
    assert.equal(d.location.file, FILE);
    assert.match(d.message, /Unknown key `comand` in service `api`\. Did you mean `command`\?/);
    assert.deepEqual(pos(only(r, 'nothing-to-run')), at(text, 2, 'api'));
    assert.equal(r.config, undefined);
  });

  it('compose-style key names in the native file suggest the native spelling', async () => {
    const text = 'services:\n  api:\n    command: x\n    stop_grace_period: 5s\n';
    const d = only(await load({ 'stackpilot.yaml': text }), 'unknown-key');
    assert.match(d.message, /Did you mean `stopGracePeriod`\?/);
  });

  it('wrong types name the key, the expected type and what was found, at the value', async () => {
    const text = 'services:\n  api:\n    command: x\n    health: { http: "http://127.0.0.1:1/", retries: three, interval: 5 }\n';
    const r = await load({ 'stackpilot.yaml': text });
    const wrong = r.diagnostics.filter((d) => d.code === 'wrong-type');
    const retries = wrong.find((d) => d.message.includes('retries'))!;
    const interval = wrong.find((d) => d.message.includes('interval'))!;
    assert.equal(retries.message, '`services.api.health.retries` must be a number, got string "three".');
    assert.deepEqual(pos(retries), at(text, 4, 'three'));
    assert.match(interval.message, /`services.api.health.interval` must be a duration like `500ms`, `5s`, `1m30s` or `1h`, got number 5/);
    assert.deepEqual(pos(interval), at(text, 4, '5 }'));
  });

  it('a dependency on a missing service suggests the nearest name', async () => {
    const text = 'services:\n  postgres: { image: postgres }\n  api:\n    command: x\n    dependsOn: [postgress]\n';
    const d = only(await load({ 'stackpilot.yaml': text }), 'missing-dependency');
    assert.deepEqual(pos(d), at(text, 5, 'postgress'));
    assert.match(d.message, /`api` depends on `postgress`, which is not defined\. Did you mean `postgres`\?/);
  });

  it('a dependency cycle is named in full, at the edge that closes it', async () => {
    const text =
      'services:\n  api: { command: x, dependsOn: { worker: healthy } }\n  worker: { command: y, dependsOn: [api], health: { log: ready } }\n';
    const r = await load({ 'stackpilot.yaml': text });
    const d = only(r, 'dependency-cycle');
    assert.match(d.message, /Dependency cycle: api -> worker -> api\./);
    assert.deepEqual(pos(d), at(text, 2, 'worker:'));
  });

  it('an unset ${VAR:?message} is an error at the value, with the message', async () => {
    const text = 'services:\n  api:\n    command: "run ${TOKEN:?set TOKEN first}"\n';
    const d = only(await load({ 'stackpilot.yaml': text }), 'required-variable');
    assert.deepEqual(pos(d), at(text, 3, '"run'));
    assert.match(d.message, /required variable TOKEN is not set: set TOKEN first\. Set TOKEN in the environment or in the \.env file/);
    const ok = await load({ 'stackpilot.yaml': text }, { env: { TOKEN: 't' } });
    assert.deepEqual(ok.config?.services.api.kind === 'process' && ok.config.services.api.argv, ['run', 't']);
  });

  it('a host port declared twice names both services', async () => {
    const text = 'services:\n  a: { command: x, ports: [8000] }\n  b:\n    command: y\n    ports: ["8000"]\n';
    const d = only(await load({ 'stackpilot.yaml': text }), 'port-conflict');
    assert.deepEqual(pos(d), at(text, 5, '"8000"'));
    assert.match(d.message, /Host port 8000\/tcp is published by both `a` \(stackpilot\.yaml:2:28\) and `b`; only one can bind it/);
  });

  it('ports on different addresses or protocols do not conflict; a compose 0.0.0.0 port conflicts with any address', async () => {
    const ok = await load({
      'stackpilot.yaml':
        'services:\n  a: { command: x, ports: ["127.0.0.1:53:53"] }\n  b: { command: x, ports: ["53:53/udp", "127.0.0.2:53:53"] }\n',
    });
    assert.deepEqual(ok.diagnostics, []);
    const compose = 'services:\n  db: { image: pg, ports: ["0.0.0.0:5432:5432"] }\n';
    const r = await load({
      'stackpilot.yaml': 'compose: docker-compose.yml\nservices:\n  local: { command: x, ports: [5432] }\n',
      'docker-compose.yml': compose,
    });
    assert.match(only(r, 'port-conflict').message, /by both `db` \(docker-compose\.yml:2:28\) and `local`/);
  });

  it('YAML syntax errors are located', async () => {
    const text = 'services:\n  api:\n    command: npm\n   env: {}\n';
    const d = only(await load({ 'stackpilot.yaml': text }), 'yaml-syntax');
    assert.deepEqual({ file: d.location.file, ...pos(d) }, { file: FILE, line: 4, column: 1 });
    assert.equal(
      d.message,
      'YAML syntax error: All mapping items must start at the same column. Fix the YAML so the file parses (check indentation, quotes and brackets).',
    );
    const dup = only(await load({ 'stackpilot.yaml': 'services: {}\nservices: {}\n' }), 'yaml-syntax');
    assert.deepEqual(pos(dup), { line: 2, column: 1 });
    assert.match(dup.message, /Map keys must be unique/);
  });

  it('an unclosed quote is located where it opens, not where the file ends', async () => {
    for (const q of ['"', "'"]) {
      const text = `name: x\nservices:\n  a:\n    command: ${q}echo hi\n    env: {}\n`;
      const d = only(await load({ 'stackpilot.yaml': text }), 'yaml-syntax');
      assert.deepEqual(pos(d), { line: 4, column: 14 });
      assert.match(d.message, /Missing closing .quote: the quoted value that starts here is never closed/);
    }
  });

  it('an unknown defaultProfile suggests the nearest profile', async () => {
    const text = 'profiles: { development: [api] }\ndefaultProfile: developmnet\nservices:\n  api: { command: x }\n';
    const d = only(await load({ 'stackpilot.yaml': text }), 'unknown-profile');
    assert.deepEqual(pos(d), at(text, 2, 'developmnet'));
    assert.match(d.message, /`defaultProfile` is `developmnet`, which is not a profile\. Did you mean `development`\?/);
  });

  it('a profile listing a missing service is an error at the entry', async () => {
    const text = 'profiles: { dev: [api, wbe] }\nservices:\n  api: { command: x }\n  web: { command: y }\n';
    const d = only(await load({ 'stackpilot.yaml': text }), 'unknown-service');
    assert.deepEqual(pos(d), at(text, 1, 'wbe'));
    assert.match(d.message, /Did you mean `web`\?/);
  });

  it('a service with nothing to run says how to fix it', async () => {
    const text = 'services:\n  api:\n    env: { A: 1 }\n';
    const d = only(await load({ 'stackpilot.yaml': text }), 'nothing-to-run');
    assert.deepEqual(pos(d), at(text, 2, 'api'));
    assert.match(d.message, /add `command: \.\.\.` \(a local process\), `image: \.\.\.` \(a container\) or `external: true`/);
  });

  it('an empty image (written empty, or an unset variable) is an error at the value, not a service that vanishes', async () => {
    for (const text of ['services:\n  w:\n    image: ""\n  a:\n    command: x\n', 'services:\n  w:\n    image: ${IMG}\n']) {
      const r = await load({ 'stackpilot.yaml': text });
      const d = only(r, 'no-image');
      assert.equal(pos(d).line, 3);
      assert.match(d.message, /`services\.w\.image` is empty/);
      assert.equal(r.config, undefined);
    }
  });

  it('unknown top-level keys and bad restart policies suggest the right spelling', async () => {
    const text = 'servics: {}\nservices:\n  a: { command: x, restart: alway }\n';
    const r = await load({ 'stackpilot.yaml': text });
    assert.match(only(r, 'unknown-key').message, /Did you mean `services`\?/);
    const d = only(r, 'bad-restart');
    assert.deepEqual(pos(d), at(text, 3, 'alway'));
    assert.match(d.message, /must be one of `no`, `on-failure`, `always`, `unless-stopped`, got `alway`\. Did you mean `always`\?/);
  });

  it('health needs exactly one probe; keys of the wrong kind are reported', async () => {
    const text = 'services:\n  a:\n    command: x\n    containerName: foo\n    health: { interval: 1s }\n';
    const r = await load({ 'stackpilot.yaml': text });
    assert.deepEqual(pos(only(r, 'bad-health')), at(text, 5, 'health'));
    assert.match(only(r, 'wrong-kind').message, /`containerName` does not apply to process service `a`/);
  });

  it('compose files get the same treatment: unknown keys, wrong types, missing dependencies', async () => {
    const text =
      'services:\n  db:\n    imgae: postgres\n    image: postgres\n    healthcheck: { test: ["CMD", "true"], retries: many }\n  api:\n    image: api\n    depends_on: { dbb: { condition: service_healthy } }\n';
    const r = await load({ 'docker-compose.yml': text });
    const file = `${ROOT}/docker-compose.yml`;
    const unknown = only(r, 'unknown-key');
    assert.deepEqual({ file: unknown.location.file, ...pos(unknown) }, { file, ...at(text, 3, 'imgae') });
    assert.match(unknown.message, /Did you mean `image`\?/);
    assert.deepEqual(pos(only(r, 'wrong-type')), at(text, 5, 'many'));
    assert.match(only(r, 'wrong-type').message, /`services\.db\.healthcheck\.retries` must be a number, got string "many"/);
    const dep = only(r, 'missing-dependency');
    assert.deepEqual(pos(dep), at(text, 8, 'dbb'));
    assert.match(dep.message, /Did you mean `db`\?/);
  });

  it('locations point into the file that wrote the value, through anchors and overrides', async () => {
    const base = 'x-common: &common\n  restart: sometimes\nservices:\n  api:\n    <<: *common\n    image: api\n';
    const over = 'services:\n  api:\n    ports: ["80:80", "bad port"]\n';
    const r = await load({ 'compose.yaml': base, 'compose.override.yaml': over });
    const restart = only(r, 'bad-restart');
    assert.deepEqual({ file: restart.location.file, ...pos(restart) }, { file: `${ROOT}/compose.yaml`, ...at(base, 2, 'sometimes') });
    const port = only(r, 'bad-port');
    assert.deepEqual({ file: port.location.file, ...pos(port) }, { file: `${ROOT}/compose.override.yaml`, ...at(over, 3, '"bad port"') });
  });

  it('waiting for health on a service without a health check is a warning', async () => {
    const r = await load({ 'stackpilot.yaml': 'services:\n  db: { command: x }\n  api: { command: y, dependsOn: { db: healthy } }\n' });
    assert.match(only(r, 'no-health-check').message, /`api` waits for `db` to be healthy, but `db` has no health check/);
    assert.ok(r.config);
  });

  it('a missing stack is one clear error', async () => {
    const r = await load({});
    assert.match(only(r, 'no-stack-file').message, /create stackpilot\.yaml \(or compose\.yaml \/ docker-compose\.yml\)/);
  });
});
