import * as assert from 'node:assert/strict';
import { MAX_ALIAS_NODES, MAX_YAML_LINES, MAX_YAML_MARKS } from '../../../src/core/config/parseYaml';
import { parseDotenv } from '../../../src/core/config/parseDotenv';
import { interpolate, MAX_INTERPOLATION_DEPTH } from '../../../src/core/config/interpolate';
import { redactUrl } from '../../../src/core/config/probeLabel';
import { load, only, pos } from './loadHelpers';

const SECRET = 'sk_live_51HxYzABCDEFGHIJKLMNOPQRSTUV';
const laughs = (levels: number) => {
  let s = 'x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i <= levels; i++)
    s += `x-a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return `${s}services:\n  web:\n    command: echo\n    x-big: *a${levels}\n`;
};
const all = (r: { diagnostics: { message: string }[] }) => r.diagnostics.map((d) => d.message).join('\n');

describe('hostile input: bounded and quiet', () => {
  describe('YAML', () => {
    it('a billion-laughs file is a located error naming an alias, not minutes and gigabytes', async () => {
      const r = await load({ 'stackpilot.yaml': laughs(9) });
      const d = only(r, 'yaml-alias-limit');
      assert.match(d.message, /alias \*a\d+ .*past 100,000 expanded nodes/);
      assert.ok(d.location.line >= 2 && d.location.line <= 14, JSON.stringify(d.location));
      assert.equal(r.config, undefined);
    });

    it('aliases within the budget still expand (12,000 of them, in one pass)', async () => {
      const list = Array.from({ length: 12_000 }, (_, i) => `&n${i} v${i}`).join(', ');
      const refs = Array.from({ length: 12_000 }, (_, i) => `*n${i}`).join(', ');
      const r = await load({ 'stackpilot.yaml': `x-list: [${list}]\nx-refs: [${refs}]\nservices:\n  web: { command: echo }\n` });
      assert.deepEqual(r.diagnostics, []);
      assert.ok(MAX_ALIAS_NODES >= 12_000);
    });

    it('a file of more lines, or keys and items, than a stack ever needs is a located error before it is parsed', async () => {
      const many = Array.from({ length: MAX_YAML_LINES }, (_, i) => `  s${i}: { command: echo }\n`).join('');
      const d = only(await load({ 'stackpilot.yaml': `services:\n${many}` }), 'file-too-large');
      assert.deepEqual(pos(d), { line: MAX_YAML_LINES + 1, column: 1 });
      assert.match(d.message, /more than 10,000 lines \(10,002\): .*split it with `include:` or `extends:`/);
      const wide = Array.from({ length: MAX_YAML_MARKS }, (_, i) => `K${i}: v`).join(', ');
      const d2 = only(await load({ 'stackpilot.yaml': `services:\n  web: { command: echo, env: { ${wide} } }\n` }), 'file-too-large');
      assert.match(d2.message, /more than 30,000 keys and items/);
    });

    it('an alias to the map that holds it is an error, not a hang', async () => {
      const d = only(await load({ 'stackpilot.yaml': 'services: &s\n  web:\n    command: echo\n    x-loop: *s\n' }), 'yaml-alias-cycle');
      assert.deepEqual(pos(d), { line: 4, column: 13 });
      assert.match(d.message, /alias \*s refers to a map or list that contains it/);
    });

    it('deep nesting is a located error', async () => {
      const r = await load({
        'stackpilot.yaml': 'services:\n  web:\n    command: echo\n    x-deep: ' + '['.repeat(150) + ']'.repeat(150) + '\n',
      });
      assert.ok(
        r.diagnostics.some((d) => d.code === 'yaml-too-deep' || d.code === 'yaml-syntax'),
        all(r),
      );
      const r2 = await load({ 'stackpilot.yaml': 'services: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n' });
      assert.match(only(r2, 'yaml-syntax').message, /nested too deeply/);
    });

    it('duplicate keys in a big map are found (linear check) and located', async () => {
      const keys = Array.from({ length: 9_000 }, (_, i) => `      K${i}: v\n`).join('');
      const d = only(
        await load({ 'stackpilot.yaml': `services:\n  web:\n    command: echo\n    env:\n${keys}      K7: again\n` }),
        'yaml-syntax',
      );
      assert.deepEqual(pos(d), { line: 9_005, column: 7 });
      assert.match(d.message, /Map keys must be unique: `K7` is already written at line 12/);
    });

    it('__proto__, constructor and toString are ordinary service names and keys', async () => {
      const r = await load({
        'stackpilot.yaml':
          'services:\n  __proto__: { command: a, env: { __proto__: x, constructor: y } }\n  constructor: { command: b, dependsOn: [__proto__] }\n  toString: { command: c, dependsOn: [constructor] }\n',
      });
      assert.deepEqual(r.diagnostics, []);
      assert.deepEqual(Object.keys(r.config!.services).sort(), ['__proto__', 'constructor', 'toString']);
      assert.deepEqual({ ...r.config!.services.__proto__.environment }, JSON.parse('{"__proto__":"x","constructor":"y"}'));
      const missing = await load({ 'stackpilot.yaml': 'services:\n  web: { command: a, dependsOn: [toString, hasOwnProperty] }\n' });
      assert.equal(missing.diagnostics.filter((d) => d.code === 'missing-dependency').length, 2);
      const compose = await load({
        'compose.yaml': 'services:\n  __proto__: { image: a }\n  valueOf: { image: b, depends_on: [__proto__] }\n',
      });
      assert.deepEqual(Object.keys(compose.config!.services).sort(), ['__proto__', 'valueOf']);
    });
  });

  describe('files are read only where they should be', () => {
    it('a stack file over the size cap is a located error at 1:1', async () => {
      const d = only(
        await load({ 'stackpilot.yaml': `services:\n  web: { command: "${'x'.repeat(2000)}" }\n` }, { maxFileBytes: 1000 }),
        'unreadable-file',
      );
      assert.deepEqual(pos(d), { line: 1, column: 1 });
      assert.match(d.message, /The stack file stackpilot\.yaml is over the 1000 bytes limit: .*--max-file-size/);
    });

    it('env_file, envFile and compose: outside the stack folder are located errors unless allowed', async () => {
      const files = {
        'compose.yaml': 'services:\n  db:\n    image: pg\n    env_file: ../../etc/secret.env\n',
        '/etc/secret.env': `K=${SECRET}\n`,
      };
      const d = only(await load(files), 'file-outside-stack');
      assert.deepEqual(pos(d), { line: 4, column: 15 });
      assert.match(d.message, /env_file \.\.\/\.\.\/etc\/secret\.env is outside the stack's folder .*--allow-outside/);
      assert.ok(!all(await load(files)).includes(SECRET));
      const allowed = await load(files, { allowOutside: true });
      assert.equal(allowed.config?.services.db.environment.K, SECRET);
      const native = only(
        await load({ 'stackpilot.yaml': 'services:\n  web:\n    command: a\n    envFile: /etc/passwd\n' }),
        'file-outside-stack',
      );
      assert.deepEqual(pos(native), { line: 4, column: 14 });
      const compose = only(
        await load({ 'stackpilot.yaml': 'compose: [../other/compose.yaml]\nservices: {}\n', '/work/other/compose.yaml': 'services: {}\n' }),
        'file-outside-stack',
      );
      assert.deepEqual(pos(compose), { line: 1, column: 11 });
    });
  });

  describe('errors never quote secrets', () => {
    it('a bad .env line is reported by line, column and what is wrong', async () => {
      const d = only(
        await load({ 'stackpilot.yaml': 'services:\n  web: { command: a }\n', '.env': `OK=1\nSTRIPE: ${SECRET}\n` }),
        'bad-env-file',
      );
      assert.deepEqual(pos(d), { line: 2, column: 7 });
      assert.equal(
        d.message,
        'line 2 is not a KEY=value line: expected `=` after the name at column 7, found a colon (names are letters, digits, _ . -).',
      );
      const p = parseDotenv(`  ${SECRET}!=x\n`).problems[0];
      assert.ok(!p.message.includes('sk_live'), p.message);
    });

    it('an unclosed ${ says where, not what', async () => {
      const r = await load({ 'stackpilot.yaml': `services:\n  web:\n    command: a\n    env: { KEY: "${SECRET}\${X" }\n` });
      const d = only(r, 'bad-interpolation');
      assert.match(d.message, new RegExp(`the \`\\$\\{\` at character ${SECRET.length + 1} has no closing`));
      assert.ok(!all(r).includes(SECRET));
      const env = parseDotenv(`T=${SECRET}\${oops\n`).problems[0];
      assert.deepEqual({ line: env.line, column: env.column }, { line: 1, column: SECRET.length + 3 });
      assert.ok(!env.message.includes(SECRET));
      assert.ok(!interpolate('${' + SECRET + '!x}', () => undefined).problems[0].message.includes(SECRET));
    });

    it('an unclosed quote in .env is an error at the quote (and linear)', () => {
      const p = parseDotenv('A="' + 'x\n'.repeat(100_000)).problems;
      assert.deepEqual(
        p.map((x) => [x.line, x.column]),
        [[1, 3]],
      );
    });

    it('interpolation nests at most MAX_INTERPOLATION_DEPTH deep', () => {
      const deep = (n: number) => '${A:-'.repeat(n) + 'x' + '}'.repeat(n);
      assert.equal(interpolate(deep(MAX_INTERPOLATION_DEPTH), () => undefined).value, 'x');
      const r = interpolate(deep(50_000), () => undefined);
      assert.match(r.problems[0].message, /nested more than 16 deep/);
    });
  });

  describe('probe labels are redacted at the source', () => {
    it('http labels drop userinfo and query; exec labels show the command as written', async () => {
      const r = await load({
        'stackpilot.yaml':
          'services:\n  web:\n    command: a\n    health: { http: "http://u:${PW}@127.0.0.1:8000/health?token=${TOKEN}" }\n  cache:\n    command: b\n    health: { exec: "test -n ${REDIS_PASSWORD}" }\n  db:\n    command: c\n    health: { exec: [pg_isready, "-p", "${PGPW}"] }\n',
        '.env': `PW=${SECRET}1\nTOKEN=${SECRET}2\nREDIS_PASSWORD=${SECRET}3\nPGPW=${SECRET}4\n`,
      });
      assert.deepEqual(r.diagnostics, []);
      const s = r.config!.services;
      assert.equal(s.web.health!.probe.label, 'GET /health?…');
      assert.equal(s.cache.health!.probe.label, 'test -n ${REDIS_PASSWORD}');
      assert.equal(s.db.health!.probe.label, 'pg_isready -p ${PGPW}');
      assert.equal(redactUrl(`https://user:${SECRET}@host:1/p?q=${SECRET}#f`), 'https://host:1/p?…');
    });
  });

  describe('validation catches what would fail at run time', () => {
    it('NUL bytes, out-of-range probe ports and invisible characters in names', async () => {
      const nul = only(await load({ 'stackpilot.yaml': 'services:\n  web: { command: "sleep\\x001" }\n' }), 'nul-byte');
      assert.deepEqual(pos(nul), { line: 2, column: 19 });
      const port = only(
        await load({ 'stackpilot.yaml': 'services:\n  web: { command: a, health: { http: "http://127.0.0.1:70000/" } }\n' }),
        'bad-health',
      );
      assert.match(port.message, /has port 70000, out of range: a port is 1-65535/);
      const r = await load({ 'stackpilot.yaml': 'services:\n  "web\u202Egpj": { command: a }\n  "db\u200B": { command: b }\n' });
      const names = r.diagnostics.filter((d) => d.code === 'bad-service-name');
      assert.equal(names.length, 2);
      assert.match(names[0].message, /U\+202E RIGHT-TO-LEFT OVERRIDE/);
      assert.match(names[1].message, /U\+200B ZERO WIDTH SPACE/);
      assert.deepEqual(pos(names[0]), { line: 2, column: 3 });
    });
  });
});
