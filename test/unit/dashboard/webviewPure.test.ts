import { strict as assert } from 'node:assert';
import { layoutGraph } from '../../../src/webview/graphLayout';
import { dockerText } from '../../../src/webview/dockerText';
import { SeriesStore, align } from '../../../src/webview/seriesStore';

describe('dashboard: webview pure parts', () => {
  it('lays the dependency graph out top to bottom with dagre: dependencies above what needs them', () => {
    const l = layoutGraph([{ name: 'db', dependsOn: [] }, { name: 'cache', dependsOn: [] }, { name: 'api', dependsOn: ['db', 'cache', 'gone'] }, { name: 'worker', dependsOn: ['api'] }]);
    const y = Object.fromEntries(l.nodes.map((n) => [n.name, n.y]));
    assert.ok(y.db < y.api && y.cache < y.api && y.api < y.worker);
    assert.deepEqual(l.edges.map((e) => `${e.from}>${e.to}`).sort(), ['api>worker', 'cache>api', 'db>api']);
    assert.ok(l.edges.every((e) => e.points.length >= 2));
    const xs = l.nodes.filter((n) => n.y === y.db).map((n) => [n.x - n.width / 2, n.x + n.width / 2]).sort((a, b) => a[0] - b[0]);
    assert.ok(xs[0][1] <= xs[1][0], 'nodes on one rank do not overlap');
    assert.ok(l.width > 0 && l.height > 0);
  });

  it('aligns series on shared buckets for uPlot, null where a series has no sample', () => {
    assert.deepEqual(align([{ t: [0, 1000, 1500, 3000], v: [1, 2, 4, 5] }, undefined], 0, 4000, 1000), [[0, 1000, 2000, 3000], [1, 3, null, 5], [null, null, null, null]]);
  });

  it('appends delta points and trims the store to the window', () => {
    const s = new SeriesStore();
    s.replace({ windowMs: 3000, stepMs: 1000, until: 3000, services: { api: { cpu: { t: [0, 1000, 2000], v: [1, 2, 3] } } } });
    s.append({ api: { cpu: { t: [3000, 4000], v: [4, 5] } } }, 5000);
    assert.deepEqual(s.get('api', 'cpu'), { t: [2000, 3000, 4000], v: [3, 4, 5] });
  });

  it('words the Docker engine state for the header without saying "not running" twice', () => {
    assert.equal(dockerText({ running: true, version: '20.10.24' }), 'Docker: running 20.10.24');
    assert.equal(dockerText({ running: false, problem: 'not-running', reason: 'the Docker daemon is not running: no socket at unix:///var/run/docker.sock (from default). Start it.' }), 'Docker: not running — no socket at unix:///var/run/docker.sock (from default). Start it.');
    assert.equal(dockerText({ running: false, problem: 'permission-denied', reason: 'permission denied on the Docker socket x' }), 'Docker: permission denied — permission denied on the Docker socket x');
  });
});
