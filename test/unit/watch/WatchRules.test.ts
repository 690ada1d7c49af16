import { strict as assert } from 'node:assert';
import type { WatchSpec } from '../../../src/core/config/model';
import { WatchRules } from '../../../src/core/watch/WatchRules';

const loc = { file: '/p/stackpilot.yaml', line: 1, column: 1 };
const spec = (over: Partial<WatchSpec> = {}): WatchSpec => ({
  paths: ['src/**'],
  ignore: [],
  gitignore: true,
  base: '/p/api',
  location: loc,
  ...over,
});

describe('WatchRules', () => {
  it('matches globs relative to the service cwd, and nothing outside it', () => {
    const rules = new WatchRules('/p', [{ service: 'api', spec: spec() }]);
    assert.deepEqual(rules.match('/p/api/src/app.ts'), [{ key: 'api', service: 'api', file: 'src/app.ts' }]);
    assert.deepEqual(rules.match('/p/api/src/deep/x/y.js'), [{ key: 'api', service: 'api', file: 'src/deep/x/y.js' }]);
    assert.deepEqual(rules.match('/p/api/README.md'), []);
    assert.deepEqual(rules.match('/p/web/src/app.ts'), []);
    assert.deepEqual(rules.match('/p/api-other/src/app.ts'), []);
  });

  it('never matches node_modules, .git, .stackpilot or editor scratch files', () => {
    const rules = new WatchRules('/p', [{ service: 'api', spec: spec({ paths: ['**'] }) }]);
    for (const f of [
      '/p/api/node_modules/x/index.js',
      '/p/api/.git/index',
      '/p/api/.stackpilot/state.json',
      '/p/api/src/.app.ts.swp',
      '/p/api/src/app.ts~',
      '/p/api/src/4913',
    ]) {
      assert.deepEqual(rules.match(f), [], f);
    }
    assert.equal(rules.skipDir('/p/api/node_modules'), true);
    assert.equal(rules.skipDir('/p/api/src/node_modules'), true);
    assert.equal(rules.skipDir('/p/api/src'), false);
  });

  it('honours ignore globs, for files and whole folders', () => {
    const rules = new WatchRules('/p', [{ service: 'api', spec: spec({ paths: ['**'], ignore: ['**/*.test.ts', 'dist/**'] }) }]);
    assert.deepEqual(rules.match('/p/api/src/a.test.ts'), []);
    assert.deepEqual(rules.match('/p/api/dist/a.js'), []);
    assert.equal(rules.skipDir('/p/api/dist'), true);
    assert.equal(rules.skipDir('/p/api/src'), false);
    assert.equal(rules.match('/p/api/src/a.ts').length, 1);
  });

  it('skips git-ignored files and folders unless gitignore is false', () => {
    const on = new WatchRules('/p', [{ service: 'api', spec: spec({ paths: ['**'] }) }]);
    on.addGitignore('/p', 'build/\n*.log\n');
    assert.deepEqual(on.match('/p/api/build/x.js'), []);
    assert.deepEqual(on.match('/p/api/src/debug.log'), []);
    assert.equal(on.skipDir('/p/api/build'), true);
    const off = new WatchRules('/p', [{ service: 'api', spec: spec({ paths: ['**'], gitignore: false }) }]);
    off.addGitignore('/p', 'build/\n');
    assert.equal(off.match('/p/api/build/x.js').length, 1);
  });

  it('one file can restart several services; bases nested in another are watched once', () => {
    const rules = new WatchRules('/p', [
      { service: 'api', spec: spec({ base: '/p', paths: ['shared/**'] }) },
      { service: 'worker', spec: spec({ base: '/p/shared', paths: ['*.ts'] }) },
    ]);
    assert.deepEqual(
      rules.match('/p/shared/util.ts').map((h) => h.service),
      ['api', 'worker'],
    );
    assert.deepEqual(rules.bases(), ['/p']);
  });
});
