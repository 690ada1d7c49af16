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
});
