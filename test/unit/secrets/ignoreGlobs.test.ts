import { strict as assert } from 'node:assert';
import { GitignoreMatcher, matchGlob } from '../../../src/core/secrets/ignoreGlobs';

describe('ignore globs and .gitignore', () => {
  it('globs: *, **, ?, classes, braces, basename matching', () => {
    assert.ok(matchGlob('test/fixtures/a.env', 'test/fixtures/**'));
    assert.ok(matchGlob('a/b/c.snap', '**/*.snap'));
    assert.ok(matchGlob('c.snap', '**/*.snap'));
    assert.ok(matchGlob('deep/dir/secret.pem', '*.pem'));
    assert.ok(!matchGlob('src/a.ts', 'test/**'));
    assert.ok(matchGlob('src/a1.ts', 'src/a?.ts'));
    assert.ok(matchGlob('src/a1.ts', 'src/a[0-9].ts'));
    assert.ok(matchGlob('docs/x.md', '**/*.{md,txt}'));
    assert.ok(!matchGlob('src/x/y.ts', 'src/*.ts'));
    assert.ok(matchGlob('vendor/lib/x.js', 'vendor'));
  });

  it('.gitignore: negation, dir-only, anchoring, nested files, ignored parents', () => {
    const g = new GitignoreMatcher();
    g.add('', ['# comment', '', '.env', '.env.*', '!.env.example', 'build/', '/secrets.json', 'logs/*.log', '*.pem'].join('\n'));
    g.add('services/api', 'local.yaml\n');
    assert.ok(g.ignores('.env'));
    assert.ok(g.ignores('services/api/.env'));
    assert.ok(g.ignores('.env.local'));
    assert.ok(!g.ignores('.env.example'));
    assert.ok(g.ignores('build/out.js'));
    assert.ok(g.ignores('web/build/out.js'));
    assert.ok(!g.ignores('build', false));
    assert.ok(g.ignores('secrets.json'));
    assert.ok(!g.ignores('config/secrets.json'));
    assert.ok(g.ignores('logs/app.log'));
    assert.ok(!g.ignores('logs/deep/app.log'));
    assert.ok(g.ignores('certs/key.pem'));
    assert.ok(g.ignores('services/api/local.yaml'));
    assert.ok(!g.ignores('local.yaml'));
    assert.ok(!g.ignores('src/index.ts'));
  });

  it('ignore globs: [!...] negates, a folder glob covers what is inside, dot files are not special', () => {
    assert.ok(matchGlob('src/ab.ts', 'src/a[!0-9].ts'));
    assert.ok(!matchGlob('src/a1.ts', 'src/a[!0-9].ts'));
    assert.ok(matchGlob('.env.local', '.env*'));
    assert.ok(matchGlob('a/.cache/x', '**/.cache'));
    assert.ok(matchGlob('vendor/x', '/vendor') && matchGlob('vendor/x', './vendor') && !matchGlob('lib/vendor/x', '/vendor'));
    assert.ok(!matchGlob('test/fixtures', 'test/fixtures/**'));
    assert.ok(matchGlob('a*b', 'a\\*b') && !matchGlob('axb', 'a\\*b'));
    assert.ok(matchGlob('b/c', '{a,b}/c') && !matchGlob('c/c', '{a,b}/c'));
  });

  // Every verdict below is what `git status --ignored` says for the same files and .gitignore files (git 2.39).
  it('.gitignore edge cases, as git decides them: nested re-include, `dir/*` then `!dir/keep`, `dir/**` then `!dir/file`', () => {
    const g = new GitignoreMatcher();
    g.add(
      '',
      [
        'build/',
        '*.pem',
        'abc/*',
        '!abc/keep',
        'out/**',
        '!out/keep.txt',
        'dir/',
        '!dir/inner',
        '[!a-c]x.txt',
        'docs/**/*.md',
        '!docs/README.md',
        'foo/**/bar',
        '\\#hash',
        '*.log',
        '!keep.log',
      ].join('\n'),
    );
    g.add('web', 'build/\n!build/\n!*.pem\n');
    g.add('services/api', 'sub/\n/anch\n');
    const expected: Record<string, boolean> = {
      'build/a.js': true,
      'web/build/a.js': false, // web/.gitignore re-includes the folder the root ignores
      'k.pem': true,
      'web/k.pem': false,
      'web/z/k.pem': false,
      'abc/keep': false,
      'abc/x': true,
      'out/keep.txt': false, // out/** ignores what is inside out, not out itself: the file can come back
      'out/a': true,
      'dir/inner': true, // an ignored folder's files cannot be re-included
      'dx.txt': true,
      'ax.txt': false,
      'docs/a/b.md': true,
      'docs/x.md': true,
      'docs/README.md': false,
      'foo/bar': true,
      'foo/a/b/bar': true,
      '#hash': true,
      'a/keep.log': false,
      'x.log': true,
      'services/api/sub/f': true,
      'services/sub/f': false,
      'services/api/anch': true,
      anch: false,
    };
    for (const [path, ignored] of Object.entries(expected)) assert.equal(g.ignores(path), ignored, path);
  });
});
