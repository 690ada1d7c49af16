import { strict as assert } from 'node:assert';
import type { ProcessService } from '../../../src/core/config/model';
import { load, only, pos } from '../config/loadHelpers';

describe('watch: and restartWith: in stackpilot.yaml', () => {
  it('reads a list of globs relative to the cwd', async () => {
    const r = await load({
      'stackpilot.yaml': 'services:\n  api:\n    command: node app.js\n    cwd: api\n    watch: ["src/**", "./package.json"]\n',
    });
    const api = r.config!.services.api as ProcessService;
    assert.deepEqual(api.watch?.paths, ['src/**', 'package.json']);
    assert.equal(api.watch?.base, '/work/proj/api');
    assert.equal(api.watch?.gitignore, true);
  });

  it('reads the map form with ignore and gitignore', async () => {
    const r = await load({
      'stackpilot.yaml':
        'services:\n  api:\n    command: node app.js\n    watch: { paths: src/**, ignore: ["**/*.test.ts"], gitignore: false }\n',
    });
    const w = (r.config!.services.api as ProcessService).watch!;
    assert.deepEqual([w.paths, w.ignore, w.gitignore], [['src/**'], ['**/*.test.ts'], false]);
  });

  it('rejects globs that leave the cwd, with the place', async () => {
    const r = await load({
      'stackpilot.yaml': 'services:\n  api:\n    command: node app.js\n    watch:\n      - src/**\n      - ../../**\n      - /etc/**\n',
    });
    const bad = r.diagnostics.filter((d) => d.code === 'bad-glob');
    assert.equal(bad.length, 2);
    assert.deepEqual(pos(bad[0]), { line: 6, column: 9 });
    assert.match(bad[0].message, /leaves the service's `cwd`/);
    assert.match(bad[1].message, /is absolute/);
  });

  it('says watch does not apply to a container, and an empty list is an error', async () => {
    const r = await load({
      'stackpilot.yaml': 'services:\n  db:\n    image: redis\n    watch: [src/**]\n  api:\n    command: node app.js\n    watch: []\n',
    });
    assert.match(only(r, 'wrong-kind').message, /`watch` does not apply to docker service `db`/);
    assert.match(only(r, 'wrong-value').message, /is empty/);
  });

  it('checks restartWith names', async () => {
    const r = await load({
      'stackpilot.yaml':
        'services:\n  api:\n    command: node app.js\n  worker:\n    command: node w.js\n    restartWith: [apii]\n  self:\n    command: node s.js\n    restartWith: self\n',
    });
    assert.match(only(r, 'missing-dependency').message, /restarts with `apii`, which is not defined.*api/);
    assert.deepEqual(pos(only(r, 'missing-dependency')), { line: 6, column: 19 });
    assert.ok(only(r, 'restart-with-self'));
  });
});
