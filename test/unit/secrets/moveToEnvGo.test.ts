import { strict as assert } from 'node:assert';
import { envNameFor } from '../../../src/core/secrets/envName';
import { goOsImport, inGoConstBlock } from '../../../src/core/secrets/goImports';
import { planMoveToEnv, type MovePlan } from '../../../src/core/secrets/moveToEnv';
import { FakeSecrets } from './fakeSecrets';

const value = `sk_live_${new FakeSecrets(9).alnum(28)}`;

/** The Go file after the plan's edits (the line replacement, then the inserted line), as the editor applies them. */
function applyGo(text: string, plan: MovePlan, line: number): string {
  const lines = text.split('\n');
  const l = lines[line];
  lines[line] = l.slice(0, plan.replaceStart) + plan.replacement + l.slice(plan.replaceEnd);
  if (plan.insertLine) lines.splice(plan.insertLine.atLine, 0, ...plan.insertLine.text.split('\n'));
  return lines.join('\n');
}

function planFor(text: string): { plan: MovePlan; line: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(value));
  const start = lines[line].indexOf(value);
  const plan = planMoveToEnv({
    path: 'cmd/api/main.go',
    text,
    lineText: lines[line],
    line,
    start,
    end: start + value.length,
    ruleId: 'stripe-secret-key',
    envText: '',
  });
  assert.ok(plan, 'a plan');
  return { plan, line };
}

function moved(text: string): string {
  const { plan, line } = planFor(text);
  return applyGo(text, plan, line);
}

describe('secret quick fixes: move to .env in Go', () => {
  it('replaces the literal with os.Getenv and adds "os" to an import group at its sorted place', () => {
    const text = [
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"net/http"',
      ')',
      '',
      'func main() {',
      `\tstripeKey := "${value}"`,
      '\tfmt.Println(stripeKey, http.StatusOK)',
      '}',
    ].join('\n');
    assert.equal(
      moved(text),
      [
        'package main',
        '',
        'import (',
        '\t"fmt"',
        '\t"net/http"',
        '\t"os"',
        ')',
        '',
        'func main() {',
        '\tstripeKey := os.Getenv("STRIPE_KEY")',
        '\tfmt.Println(stripeKey, http.StatusOK)',
        '}',
      ].join('\n'),
    );
    const sorted = [
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"strings"',
      '',
      '\t"example.com/lib"',
      ')',
      '',
      `var stripeKey = "${value}"`,
    ].join('\n');
    assert.equal(
      moved(sorted),
      [
        'package main',
        '',
        'import (',
        '\t"fmt"',
        '\t"os"',
        '\t"strings"',
        '',
        '\t"example.com/lib"',
        ')',
        '',
        'var stripeKey = os.Getenv("STRIPE_KEY")',
      ].join('\n'),
    );
  });

  it('adds import "os" after a single import, or after the package clause when there is none', () => {
    const single = ['package main', '', 'import "fmt"', '', `var stripeKey = "${value}"`].join('\n');
    assert.equal(
      moved(single),
      ['package main', '', 'import "fmt"', 'import "os"', '', 'var stripeKey = os.Getenv("STRIPE_KEY")'].join('\n'),
    );
    const none = ['// Package main does things.', 'package main', '', `var stripeKey = "${value}"`].join('\n');
    assert.equal(
      moved(none),
      ['// Package main does things.', 'package main', '', 'import "os"', '', 'var stripeKey = os.Getenv("STRIPE_KEY")'].join('\n'),
    );
  });

  it('adds nothing when "os" is imported already, in either form or under an alias', () => {
    for (const imports of ['import "os"', 'import (\n\t"fmt"\n\t"os"\n)', 'import (\n\t"fmt"\n\n\tgoos "os"\n)', 'import ("fmt"; "os")']) {
      const text = `package main\n\n${imports}\n\nvar stripeKey = "${value}"\n`;
      assert.equal(planFor(text).plan.insertLine, undefined, imports);
    }
  });

  it('turns a one-line const into a var (a constant cannot hold a call); not offered inside a const block', () => {
    const text = `package main\n\nimport "os"\n\nconst stripeKey = "${value}"\n`;
    assert.equal(moved(text), 'package main\n\nimport "os"\n\nvar stripeKey = os.Getenv("STRIPE_KEY")\n');
    const typed = `package main\n\nimport "os"\n\nconst stripeKey string = "${value}" // live\n`;
    assert.equal(moved(typed), 'package main\n\nimport "os"\n\nvar stripeKey string = os.Getenv("STRIPE_KEY") // live\n');
    const block = `package main\n\nconst (\n\tstripeKey = "${value}"\n)\n`;
    const line = 3;
    const lineText = block.split('\n')[line];
    const start = lineText.indexOf(value);
    assert.equal(
      planMoveToEnv({ path: 'main.go', text: block, lineText, line, start, end: start + value.length, ruleId: 'r', envText: '' }),
      undefined,
    );
    assert.equal(inGoConstBlock(block, line), true);
    assert.equal(inGoConstBlock(block, 5), false);
  });

  it('concatenates the lookup when the value is part of a longer string, keeping raw strings raw', () => {
    const text = `package main\n\nimport "os"\n\nvar dsn = "postgres://app:${value}@db/app"\n`;
    assert.equal(moved(text), 'package main\n\nimport "os"\n\nvar dsn = "postgres://app:" + os.Getenv("DSN_PASSWORD") + "@db/app"\n');
    const raw = `package main\n\nimport "os"\n\nvar dsn = \`postgres://app:${value}@db/app\`\n`;
    assert.equal(moved(raw), 'package main\n\nimport "os"\n\nvar dsn = `postgres://app:` + os.Getenv("DSN_PASSWORD") + `@db/app`\n');
  });

  it('finds the import group after comments and build constraints; none without a package clause', () => {
    const text = ['//go:build linux', '', '/* Package main', '   serves. */', 'package main', '', 'import (', '\t"fmt"', ')', ''].join(
      '\n',
    );
    assert.deepEqual(goOsImport(text), { atLine: 8, text: '\t"os"' });
    assert.equal(goOsImport('var x = 1\n'), undefined);
  });
});

describe('secret quick fixes: variable names from typed declarations', () => {
  it('names the variable, not its type', () => {
    assert.equal(envNameFor('var apiKey string = "', 'r', 'v', new Map()), 'API_KEY');
    assert.equal(envNameFor('const apiKey: string = "', 'r', 'v', new Map()), 'API_KEY');
    assert.equal(envNameFor('let apiKey = "', 'r', 'v', new Map()), 'API_KEY');
  });
});
