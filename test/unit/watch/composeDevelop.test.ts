import { strict as assert } from 'node:assert';
import type { DockerService } from '../../../src/core/config/model';
import { WatchRules } from '../../../src/core/watch/WatchRules';
import { tarArchive } from '../../../src/infra/docker/tarArchive';
import { load, only, pos } from '../config/loadHelpers';

const compose = (watch: string) => `services:\n  web:\n    image: nginx\n    develop:\n      watch:\n${watch}`;

describe('compose develop.watch', () => {
  it('reads rules as the Compose Specification defines them', async () => {
    const r = await load({
      'compose.yaml': compose(
        '        - { action: sync, path: ./html, target: /usr/share/nginx/html, ignore: [node_modules/], initial_sync: true }\n        - { action: rebuild, path: package.json }\n',
      ),
    });
    const web = r.config!.services.web as DockerService;
    assert.deepEqual(
      web.developWatch?.map((w) => [w.action, w.path, w.target, w.ignore, w.initialSync]),
      [
        ['sync', '/work/proj/html', '/usr/share/nginx/html', ['node_modules'], true],
        ['rebuild', '/work/proj/package.json', undefined, [], false],
      ],
    );
    const rules = WatchRules.of(r.config!);
    assert.deepEqual(rules.match('/work/proj/html/css/a.css'), [{ key: 'web#0', service: 'web', file: 'css/a.css' }]);
    assert.deepEqual(rules.match('/work/proj/html/node_modules/x.js'), []);
    assert.deepEqual(rules.match('/work/proj/package.json'), [{ key: 'web#1', service: 'web', file: 'package.json' }]);
  });

  it('reports a sync without target, a relative target, an unknown action and sync+exec, where they are', async () => {
    const r = await load({
      'compose.yaml': compose(
        '        - { action: sync, path: ./a }\n        - { action: sync, path: ./a, target: app }\n        - { action: copy, path: ./a }\n        - { action: sync+exec, path: ./a, target: /a }\n',
      ),
    });
    assert.equal(r.diagnostics.filter((d) => d.code === 'wrong-value').length, 3);
    assert.deepEqual(pos(only(r, 'unsupported')), { line: 9, column: 21 });
    assert.equal((r.config?.services.web as DockerService | undefined)?.developWatch, undefined);
  });

  it('tar archives carry the names, modes and sizes the Docker API extracts', () => {
    const tar = tarArchive([
      { name: 'www/site/index.html', mode: 0o644, mtime: 0, data: Buffer.from('hi\n') },
      { name: `a/${'b'.repeat(120)}/c.txt`, mode: 0o600, mtime: 0, data: Buffer.alloc(0) },
    ]);
    assert.equal(tar.length % 512, 0);
    assert.equal(tar.subarray(0, 19).toString(), 'www/site/index.html');
    assert.equal(tar.subarray(124, 135).toString(), '00000000003');
    assert.equal(tar.subarray(257, 262).toString(), 'ustar');
    assert.equal(tar.subarray(1024 + 345, 1024 + 345 + 1 + 1 + 120).toString(), `a/${'b'.repeat(120)}`);
  });
});
