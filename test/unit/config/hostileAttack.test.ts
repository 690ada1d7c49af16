/**
 * Issue 15, attacked once more before it closed: hostile inputs the first round did not try, each
 * of which the old code got wrong (a secret quoted in full, an escape sequence printed raw, a
 * 9^16-file include, a byte array read as a map).
 */
import * as assert from 'node:assert/strict';
import { Diagnostics } from '../../../src/core/config/Diagnostics';
import { quietText } from '../../../src/core/config/quietText';
import { MAX_INCLUDED_FILES } from '../../../src/core/config/resolveInclude';
import { load, only, pos } from './loadHelpers';

const SECRET = 'sk_live_51HxYzABCDEFGHIJKLMNOPQRSTUV';
const all = (r: { diagnostics: { message: string }[] }) => r.diagnostics.map((d) => d.message).join('\n');

describe('hostile input: what the closing attack found', () => {
  it('a secret interpolated into a field of the wrong kind is never quoted, whole or cut short (native)', async () => {
    const r = await load({
      '.env': `TOKEN=${SECRET}\n`,
      'stackpilot.yaml': [
        'services:',
        '  web:',
        '    command: sleep 100',
        '    restart: ${TOKEN}',
        '    health: { tcp: "${TOKEN}" }',
        '    ports: ["${TOKEN}:80"]',
        '    dependsOn: ["${TOKEN}"]',
        '  api:',
        '    command: sleep 100',
        '    health: { http: "http://127.0.0.1:8080/", retries: "${TOKEN}", interval: "${TOKEN}" }',
        '',
      ].join('\n'),
    });
    const text = all(r);
    assert.ok(r.diagnostics.length >= 5, text);
    assert.ok(!text.includes(SECRET.slice(0, 12)), text);
    assert.match(only(r, 'bad-restart').message, /got `\$\{TOKEN\}`/);
    assert.match(only(r, 'missing-dependency').message, /depends on `\$\{TOKEN\}`/);
  });

  it('the same in a compose file (restart, ports, depends_on, healthcheck, sizes, extends)', async () => {
    const r = await load({
      '.env': `TOKEN=${SECRET}\n`,
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: busybox',
        '    restart: ${TOKEN}',
        '    ports: ["${TOKEN}:80"]',
        '    depends_on: ["${TOKEN}"]',
        '    healthcheck: { test: ["${TOKEN}"], retries: "${TOKEN}", interval: "${TOKEN}" }',
        '    mem_limit: ${TOKEN}',
        '    extends: ${TOKEN}',
        '',
      ].join('\n'),
    });
    const text = all(r);
    assert.ok(r.diagnostics.filter((d) => d.severity === 'error').length >= 7, text);
    assert.ok(!text.includes(SECRET.slice(0, 12)), text);
  });

  it('${VAR:?message} names the variables of its message, not their values', async () => {
    const r = await load({
      '.env': `TOKEN=${SECRET}\n`,
      'stackpilot.yaml': 'services:\n  web:\n    command: "echo ${MISSING:?the token is ${TOKEN}}"\n',
    });
    assert.equal(only(r, 'required-variable').message.includes(SECRET), false);
    assert.match(only(r, 'required-variable').message, /the token is \$\{TOKEN\}/);
  });

  it('short substituted values (a port, a word) are still quoted as they are', () => {
    const d = new Diagnostics();
    d.substitutedValue('PORT', '70000');
    d.error('x', 'port 70000 is out of range', { file: 'f', line: 1, column: 1 });
    assert.equal(d.list[0].message, 'port 70000 is out of range');
  });

  it('a stack file that is not YAML settings is never quoted (a link to a key file, binary, a secret)', async () => {
    for (const text of [`${SECRET}\n`, 'root:x:0:0:root:/root:/bin/bash\n', '\u0001\u0002binary\u0003']) {
      const r = await load({ 'stackpilot.yaml': text });
      const d = only(r, 'wrong-type');
      assert.equal(d.message, 'The file must be a stack file: a map with `services:`, got plain text, not YAML settings.');
    }
  });

  it('control, escape and bidi characters in what a message quotes are written as code points', async () => {
    const r = await load({
      'stackpilot.yaml':
        'services:\n  web:\n    command: sleep 1\n    "\\e]0;pwned\\a\\e[2Jx\\nstackpilot.yaml:1:1: info: fine\\u202E": 1\n    restart: "\\e[2J\\e[Hall good"\n',
    });
    for (const d of r.diagnostics) assert.ok(!/[\u0000-\u001f\u007f-\u009f\u202e]/.test(d.message), JSON.stringify(d.message));
    assert.match(
      only(r, 'unknown-key').message,
      /`<U\+001B>\]0;pwned<U\+0007><U\+001B>\[2Jx<U\+000A>stackpilot\.yaml:1:1: info: fine<U\+202E>`/,
    );
    assert.match(only(r, 'bad-restart').message, /<U\+001B>\[2J<U\+001B>\[Hall good/);
    assert.equal(quietText('plain – ünïcödé 数据库 ok'), 'plain – ünïcödé 数据库 ok');
  });

  it('YAML tags never turn a value into bytes or a date (`!!binary` read as a map of byte indices)', async () => {
    const r = await load({
      'stackpilot.yaml':
        'services:\n  api: !!binary aGVsbG8=\n  web:\n    command: !!timestamp 2001-12-14\n  db:\n    command: !!binary aGVsbG8=\n',
    });
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ['wrong-type'],
      all(r),
    );
    assert.match(only(r, 'wrong-type').message, /`services\.api` must be a map/);
  });

  it('a file that is not UTF-8 is a located error at the first bad byte', async () => {
    const r = await load({ 'stackpilot.yaml': 'services:\n  w\uFFFDeb:\n    command: sleep 1\n' });
    const d = only(r, 'not-utf8');
    assert.deepEqual(pos(d), { line: 2, column: 4 });
    assert.equal(r.config, undefined);
  });

  it('includes are bounded in total, not only in depth (nine files including each other)', async () => {
    const files: Record<string, string> = {
      'compose.yaml': `include: [${Array.from({ length: 12 }, (_, i) => `i${i}.yaml`).join(', ')}]\nservices:\n  web: { image: busybox }\n`,
    };
    // A DAG: each file includes every later one, so the paths (not the files) double with each file.
    for (let i = 0; i < 12; i++)
      files[`i${i}.yaml`] = `include: [${Array.from({ length: 12 - i - 1 }, (_, j) => `i${i + j + 1}.yaml`)
        .concat('x.yaml')
        .join(', ')}]\nx-n: ${i}\n`;
    files['x.yaml'] = 'x-a: 1\n';
    const r = await load(files);
    const d = only(r, 'include-limit');
    assert.match(d.message, new RegExp(`more than ${MAX_INCLUDED_FILES} files in total`));
  });

  it('a file that includes itself says so once, with the real chain', async () => {
    const r = await load({ 'compose.yaml': 'include: [compose.yaml]\nservices:\n  web: { image: busybox }\n' });
    assert.equal(only(r, 'include-cycle').message.split(':')[0], 'compose.yaml includes itself through compose.yaml -> compose.yaml');
  });

  it('an included service named __proto__ or toString is an ordinary service', async () => {
    const r = await load({
      'compose.yaml': 'include: [more.yaml]\nnetworks: {}\n',
      'more.yaml': 'services:\n  __proto__: { image: busybox }\n  toString: { image: busybox }\nnetworks:\n  constructor: {}\n',
    });
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.deepEqual(Object.keys(r.config!.services).sort(), ['__proto__', 'toString']);
  });
});
