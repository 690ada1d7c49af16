import { strict as assert } from 'node:assert';
import { interpolate } from '../../../src/core/config/interpolate';
import { parseByteSize } from '../../../src/core/config/parseByteSize';
import { parseDotenv } from '../../../src/core/config/parseDotenv';
import { parseDuration } from '../../../src/core/config/parseDuration';
import { splitCommand } from '../../../src/core/config/splitCommand';

const vars: Record<string, string> = { SET: 'value', EMPTY: '', B: 'bee', VERSION: '1.2' };
const run = (t: string) => interpolate(t, (n) => vars[n]);
const value = (t: string) => run(t).value;

describe('interpolate (Compose Specification)', () => {
  it('substitutes $VAR and ${VAR}', () => {
    assert.equal(value('a-$SET-${SET}-b'), 'a-value-value-b');
    assert.equal(value('$SET.x'), 'value.x');
  });

  it('defaults: :- for unset or empty, - for unset only', () => {
    assert.equal(value('${UNSET:-d}|${EMPTY:-d}|${SET:-d}'), 'd|d|value');
    assert.equal(value('${UNSET-d}|${EMPTY-d}|${SET-d}'), 'd||value');
    assert.equal(value('${UNSET:-}'), '');
  });

  it('alternatives: :+ when set and non-empty, + when set', () => {
    assert.equal(value('${SET:+alt}|${EMPTY:+alt}|${UNSET:+alt}'), 'alt||');
    assert.equal(value('${SET+alt}|${EMPTY+alt}|${UNSET+alt}'), 'alt|alt|');
  });

  it('required: :? errors on unset or empty, ? only on unset', () => {
    const r = run('${UNSET:?need it}');
    assert.equal(r.problems[0].kind, 'required');
    assert.match(r.problems[0].message, /required variable UNSET is not set: need it/);
    assert.match(run('${EMPTY:?x}').problems[0].message, /is empty: x/);
    assert.deepEqual(run('${EMPTY?x}').problems, []);
    assert.match(run('${UNSET?}').problems[0].message, /UNSET is required/);
  });

  it('$$ is a literal $, and $ before anything but a name stays literal', () => {
    assert.equal(value('$$SET $${SET} $(date) 5$ $1'), '$SET ${SET} $(date) 5$ $1');
  });

  it('nests defaults: ${A:-${B}} and ${A:-$B}, with $$ inside a default', () => {
    assert.equal(value('${UNSET:-${B}}'), 'bee');
    assert.equal(value('${UNSET:-${ALSO_UNSET:-deep}}'), 'deep');
    assert.equal(value('img:${TAG:-$VERSION}'), 'img:1.2');
    assert.equal(value('${UNSET:-$$host}'), '$host');
    assert.equal(value('${UNSET:-a:b}-${UNSET:-{x}}'), 'a:b-{x}');
  });

  it('warns once per unset variable and reports malformed templates', () => {
    assert.deepEqual(
      run('${UNSET}').problems.map((p) => [p.kind, p.variable]),
      [['unset', 'UNSET']],
    );
    assert.equal(run('${1abc}').problems[0].kind, 'syntax');
    assert.equal(run('${SET').problems[0].kind, 'syntax');
    assert.equal(run('${SET!x}').problems[0].kind, 'syntax');
  });
});

describe('parseDotenv', () => {
  it('reads compose-style .env files', () => {
    const text = [
      '# comment',
      'export A=1',
      'B = two words # trailing comment',
      "C='literal $A'",
      'D="line\\nbreak ${A}"',
      'E="multi',
      'line"',
      'F=${A}-${UNSET:-def}',
      'G',
      'H=',
      'I=a#b',
    ].join('\n');
    const { entries, problems } = parseDotenv(text, () => undefined);
    assert.deepEqual(problems, []);
    assert.deepEqual(Object.fromEntries(entries.map((e) => [e.key, e.value])), {
      A: '1',
      B: 'two words',
      C: 'literal $A',
      D: 'line\nbreak 1',
      E: 'multi\nline',
      F: '1-def',
      G: undefined,
      H: '',
      I: 'a#b',
    });
    assert.deepEqual(
      entries.map((e) => e.line),
      [2, 3, 4, 5, 6, 8, 9, 10, 11],
    );
  });

  it('reports lines that are not KEY=value', () => {
    assert.deepEqual(
      parseDotenv('A=1\nnot valid\n').problems.map((p) => p.line),
      [2],
    );
  });
});

describe('durations, sizes and command splitting', () => {
  it('parses compose durations to ms', () => {
    assert.equal(parseDuration('5s'), 5000);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('2h45m10s100ms'), 9_910_100);
    assert.equal(parseDuration('100us'), 0.1);
    assert.equal(parseDuration('0'), 0);
    for (const bad of ['5', 's', '5 s', '-1s', '1x', '']) assert.equal(parseDuration(bad), undefined, bad);
  });

  it('parses byte sizes with powers of 1024', () => {
    assert.equal(parseByteSize('512m'), 512 * 2 ** 20);
    assert.equal(parseByteSize('1g'), 2 ** 30);
    assert.equal(parseByteSize('1.5G'), 1.5 * 2 ** 30);
    assert.equal(parseByteSize('1024M'), 2 ** 30);
    assert.equal(parseByteSize('100kb'), 102_400);
    assert.equal(parseByteSize(4096), 4096);
    assert.equal(parseByteSize('4096'), 4096);
    for (const bad of ['lots', '1q', '-1m']) assert.equal(parseByteSize(bad), undefined, bad);
  });

  it('splits commands like a shell, without expanding', () => {
    assert.deepEqual(splitCommand(`a 'b c' "d \\"e\\"" f\\ g $HOME ''`), { argv: ['a', 'b c', 'd "e"', 'f g', '$HOME', ''] });
    assert.deepEqual(splitCommand('x "open'), { error: 'unterminated double quote' });
  });
});
