import { strict as assert } from 'node:assert';
import { parseArgs, stringFlag, unknownCommand, UsageError } from '../../../src/cli/args';
import { main } from '../../../src/cli/main';

const spec = { string: ['file', 'profile', 'timeout', 'max-file-size'], boolean: ['wait', 'json', 'no-watch', 'update-baseline'] };
const parse = (...argv: string[]) => {
  const a = parseArgs(argv, spec);
  return { positionals: a.positionals, flags: Object.fromEntries(a.flags) };
};

describe('stackpilot command lines (node:util parseArgs, checked against each command’s options)', () => {
  const accepted: [string[], { positionals: string[]; flags: Record<string, string | true> }][] = [
    [[], { positionals: [], flags: {} }],
    [['api', 'db'], { positionals: ['api', 'db'], flags: {} }],
    [['--file', 's.yaml', 'api'], { positionals: ['api'], flags: { file: 's.yaml' } }],
    [['--file=s.yaml'], { positionals: [], flags: { file: 's.yaml' } }],
    [['--file=a=b'], { positionals: [], flags: { file: 'a=b' } }],
    [['--file='], { positionals: [], flags: { file: '' } }],
    [['--file=--odd'], { positionals: [], flags: { file: '--odd' } }],
    [['--timeout', '-5'], { positionals: [], flags: { timeout: '-5' } }],
    [['api', '--wait', 'db', '--json'], { positionals: ['api', 'db'], flags: { wait: true, json: true } }],
    [['--no-watch'], { positionals: [], flags: { 'no-watch': true } }],
    [['-h'], { positionals: [], flags: { help: true } }],
    [['--help'], { positionals: [], flags: { help: true } }],
    [['--profile', 'a', '--profile', 'b'], { positionals: [], flags: { profile: 'b' } }],
    [['-'], { positionals: ['-'], flags: {} }],
    [['--', '--wait', '-x'], { positionals: ['--wait', '-x'], flags: {} }],
    [['api', '--', 'db'], { positionals: ['api', 'db'], flags: {} }],
  ];
  for (const [argv, want] of accepted) {
    it(`reads ${JSON.stringify(argv)}`, () => assert.deepEqual(parse(...argv), want));
  }

  const refused: [string[], RegExp][] = [
    [['--fil', 'x'], /^unknown option --fil; did you mean --file\?$/],
    [['--jsn'], /^unknown option --jsn; did you mean --json\?$/],
    [['--updatebaseline'], /^unknown option --updatebaseline; did you mean --update-baseline\?$/],
    [['--Profile=x'], /^unknown option --Profile; did you mean --profile\?$/],
    [
      ['--frobnicate'],
      /^unknown option --frobnicate \(options: --help, --wait, --json, --no-watch, --update-baseline, --file, --profile, --timeout, --max-file-size\)$/,
    ],
    [['-x'], /^unknown option -x/],
    [['--file'], /^--file needs a value$/],
    [['--file', '--wait'], /^--file needs a value$/],
    [['api', '--profile'], /^--profile needs a value$/],
    [['--wait=yes'], /^--wait takes no value$/],
    [['--help=1'], /^--help takes no value$/],
  ];
  for (const [argv, message] of refused) {
    it(`refuses ${JSON.stringify(argv)} with a usage error that says what is wrong`, () => {
      assert.throws(
        () => parseArgs(argv, spec),
        (e: unknown) => e instanceof UsageError && message.test(e.message),
      );
    });
  }

  it('stringFlag reads only values, not flags', () => {
    const a = parseArgs(['--file', 'x', '--wait'], spec);
    assert.equal(stringFlag(a, 'file'), 'x');
    assert.equal(stringFlag(a, 'wait'), undefined);
    assert.equal(stringFlag(a, 'profile'), undefined);
  });

  it('suggests the command a typo meant', () => {
    assert.equal(unknownCommand('stauts', ['up', 'down', 'status']), 'unknown command `stauts`; did you mean `status`?');
    assert.equal(unknownCommand('frobnicate', ['up', 'down', 'status']), 'unknown command `frobnicate`');
  });

  it('exits 2 on a usage error, with the message and the usage on stderr, before touching any stack', async () => {
    for (const argv of [['status', '--jsn'], ['up', '--timeout'], ['stauts'], ['down', '--volumes=1']]) {
      let out = '';
      let err = '';
      const code = await main(argv, {
        stdout: (s: string) => (out += s),
        stderr: (s: string) => (err += s),
        cwd: '/nonexistent',
        env: {},
        isTTY: false,
      });
      assert.equal(code, 2, argv.join(' '));
      assert.equal(out, '', argv.join(' '));
      assert.match(err, /error|unknown|needs|takes/, argv.join(' '));
      assert.match(err, /usage: stackpilot/, argv.join(' '));
    }
  });
});
