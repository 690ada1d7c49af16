import { strict as assert } from 'node:assert';
import { addToBaselineText, parseBaseline } from '../../../src/core/secrets/baseline';
import { commentLine } from '../../../src/core/secrets/commentSyntax';
import { envLine, envNameFor, parseEnvNames } from '../../../src/core/secrets/envName';
import { planMoveToEnv, type MoveInput } from '../../../src/core/secrets/moveToEnv';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeSecrets } from './fakeSecrets';

const f = new FakeSecrets(8);
const value = `sk_live_${f.alnum(28)}`;

function input(path: string, lineText: string, envText = '', text = lineText): MoveInput {
  const start = lineText.indexOf(value);
  return { path, text, lineText, line: 0, start, end: start + value.length, ruleId: 'stripe-secret-key', envText };
}

function apply(lineText: string, plan: { replaceStart: number; replaceEnd: number; replacement: string }): string {
  return lineText.slice(0, plan.replaceStart) + plan.replacement + lineText.slice(plan.replaceEnd);
}

describe('secret quick fixes (pure plans)', () => {
  it('names the variable after its key, else after the rule', () => {
    assert.equal(envNameFor('      STRIPE_KEY: ', 'r', 'v', new Map()), 'STRIPE_KEY');
    assert.equal(envNameFor('const apiKey = "', 'r', 'v', new Map()), 'API_KEY');
    assert.equal(envNameFor('spring.datasource.password=', 'r', 'v', new Map()), 'SPRING_DATASOURCE_PASSWORD');
    assert.equal(envNameFor('  DATABASE_URL: postgres://app:', 'url-credentials', 'v', new Map()), 'DATABASE_URL_PASSWORD');
    assert.equal(envNameFor('call(', 'stripe-secret-key', 'v', new Map()), 'STRIPE_SECRET_KEY');
    assert.equal(envNameFor('X=', 'r', 'new', new Map([['X', 'old']])), 'X_2');
    assert.equal(envNameFor('X=', 'r', 'same', new Map([['X', 'same']])), 'X');
  });

  it('writes .env lines that read back as the same value', () => {
    for (const v of ['plain-Value_1', 'with space', 'it\'s $HOME "q"', 'a#b']) {
      assert.equal(parseEnvNames(envLine('N', v)).get('N'), v, v);
    }
  });

  it('compose/YAML: ${NAME} in place of the value, NAME=value appended to .env', () => {
    const line = `      STRIPE_KEY: "${value}"`;
    const plan = planMoveToEnv(input('docker-compose.yml', line, 'OTHER=1'))!;
    assert.equal(apply(line, plan), '      STRIPE_KEY: "${STRIPE_KEY}"');
    assert.equal(plan.envAppend, `\nSTRIPE_KEY=${value}\n`);
  });

  it('TS/JS: process.env lookup, template literal when the value is part of a string', () => {
    const line = `const stripeKey = '${value}';`;
    assert.equal(apply(line, planMoveToEnv(input('src/pay.ts', line))!), 'const stripeKey = process.env.STRIPE_KEY;');
    const url = `const u = "https://x:${value}@h/\`";`;
    assert.equal(apply(url, planMoveToEnv(input('a.js', url))!), 'const u = `https://x:${process.env.U_PASSWORD}@h/\\``;');
  });

  it('Python: os.environ lookup and an import os when missing', () => {
    const line = `STRIPE_KEY = "${value}"`;
    const plan = planMoveToEnv(input('app/settings.py', line))!;
    assert.equal(apply(line, plan), 'STRIPE_KEY = os.environ["STRIPE_KEY"]');
    assert.deepEqual(plan.insertLine, { atLine: 0, text: 'import os' });
    assert.equal(planMoveToEnv(input('a.py', line, '', `import sys, os\n${line}`))!.insertLine, undefined);
  });

  it('is not offered in env files or unsupported languages; reuses NAME when .env already holds the value', () => {
    assert.equal(planMoveToEnv(input('.env', `KEY=${value}`)), undefined);
    assert.equal(planMoveToEnv(input('Main.java', `String k = "${value}";`)), undefined);
    assert.equal(planMoveToEnv(input('compose.yaml', `  KEY: ${value}`, `KEY=${value}\n`))!.envAppend, '');
  });

  it('ignore comments in the file syntax; none for JSON', () => {
    assert.equal(commentLine('compose.yaml', 'm'), '# m');
    assert.equal(commentLine('.env.local', 'm'), '# m');
    assert.equal(commentLine('src/a.tsx', 'm'), '// m');
    assert.equal(commentLine('Dockerfile', 'm'), '# m');
    assert.equal(commentLine('README.md', 'm'), '<!-- m -->');
    assert.equal(commentLine('config.json', 'm'), undefined);
    const line = `const k = "${value}";`;
    assert.equal(scanText('a.ts', `// ${'stackpilot-ignore-secret'}\n${line}\n`).length, 0);
    assert.equal(scanText('a.ts', `${line}\n`).length, 1);
  });

  it('adds a finding to the baseline text once, sorted, without its value', () => {
    const [finding] = scanText('a.ts', `const k = "${value}";\n`);
    const text = addToBaselineText(undefined, finding);
    assert.equal(addToBaselineText(text, finding), text);
    assert.deepEqual(
      parseBaseline(text).entries.map((e) => e.fingerprint),
      [finding.fingerprint],
    );
    assert.ok(!text.includes(value));
  });
});
