import { strict as assert } from 'node:assert';
import { layoutGraph } from '../../../src/webview/graphLayout';
import { dockerText } from '../../../src/webview/dockerText';
import { SeriesStore, align, countGaps } from '../../../src/webview/seriesStore';
import { formatBytes } from '../../../src/webview/formatBytes';

describe('dashboard: webview pure parts', () => {
  it('formats bytes without trailing zeros, so a round memory limit reads as written', () => {
    const MB = 1024 ** 2;
    assert.equal(formatBytes(512 * MB), '512 MB');
    assert.equal(formatBytes(48.25 * MB), '48.3 MB');
    assert.equal(formatBytes(1024 * MB), '1 GB');
    assert.equal(formatBytes(1.5 * 1024 * MB), '1.5 GB');
    assert.equal(formatBytes(1.25 * 1024 * MB), '1.25 GB');
    assert.equal(formatBytes(100 * 1024), '100 KB');
    assert.equal(formatBytes(-1), '—');
  });

  it('lays the dependency graph out top to bottom with dagre: dependencies above what needs them', () => {
    const l = layoutGraph([
      { name: 'db', dependsOn: [] },
      { name: 'cache', dependsOn: [] },
      { name: 'api', dependsOn: ['db', 'cache', 'gone'] },
      { name: 'worker', dependsOn: ['api'] },
    ]);
    const y = Object.fromEntries(l.nodes.map((n) => [n.name, n.y]));
    assert.ok(y.db < y.api && y.cache < y.api && y.api < y.worker);
    assert.deepEqual(l.edges.map((e) => `${e.from}>${e.to}`).sort(), ['api>worker', 'cache>api', 'db>api']);
    assert.ok(l.edges.every((e) => e.points.length >= 2));
    const xs = l.nodes
      .filter((n) => n.y === y.db)
      .map((n) => [n.x - n.width / 2, n.x + n.width / 2])
      .sort((a, b) => a[0] - b[0]);
    assert.ok(xs[0][1] <= xs[1][0], 'nodes on one rank do not overlap');
    assert.ok(l.width > 0 && l.height > 0);
  });

  it('aligns series on shared buckets for uPlot, undefined (joined over) where a series merely has no sample', () => {
    assert.deepEqual(align([{ t: [0, 1000, 1500, 3000], v: [1, 2, 4, 5] }, undefined], 0, 4000, 1000), [
      [0, 1000, 2000, 3000],
      [1, 3, undefined, 5],
      [undefined, undefined, undefined, undefined],
    ]);
  });

  it('a gap: null from the last sample before the service stopped to the first one after, so uPlot draws no line across', () => {
    // Sampled every second, killed at 3.5 s, back with samples from 8 s.
    const d = { t: [0, 1000, 2000, 3000, 8000, 9000], v: [1, 1, 1, 1, 2, 2], gaps: [3500] };
    assert.deepEqual(align([d], 0, 10_000, 1000)[1], [1, 1, 1, 1, null, null, null, null, 2, 2]);
    // Latency probed every 3 s, never down: empty buckets are joined over, not gaps.
    assert.deepEqual(align([{ t: [0, 3000, 6000], v: [5, 6, 7] }], 0, 7000, 1000)[1], [
      5,
      undefined,
      undefined,
      6,
      undefined,
      undefined,
      7,
    ]);
    // Still down at the right edge: null to the end; a restart faster than a bucket shows no gap at that resolution.
    assert.deepEqual(align([{ t: [0, 1000], v: [1, 1], gaps: [1500] }], 0, 4000, 1000)[1], [1, 1, null, null]);
    assert.deepEqual(align([{ t: [0, 1000, 2000], v: [1, 1, 1], gaps: [1500] }], 0, 3000, 1000)[1], [1, 1, 1]);
    assert.equal(
      countGaps([
        [0, 1, 2, 3, 4, 5],
        [1, null, null, 2, null, undefined],
        [undefined, 1, null, 1, 1, null],
      ]),
      4,
    );
    // A 1 h chart (12 s buckets) over the same kill.
    assert.deepEqual(align([{ t: [0, 12_000, 60_000], v: [1, 1, 2], gaps: [20_000] }], 0, 72_000, 12_000)[1], [1, 1, null, null, null, 2]);
  });

  it('keeps gaps through deltas and trims them with the window', () => {
    const s = new SeriesStore();
    s.replace({ windowMs: 10_000, stepMs: 1000, until: 4000, services: { api: { cpu: { t: [0, 1000, 2000, 3000], v: [1, 1, 1, 1] } } } });
    // A delta spanning only the crash: no points, just the gap.
    s.append({ api: { cpu: { t: [], v: [], gaps: [3500] } } }, 6000);
    s.append({ api: { cpu: { t: [8000, 9000], v: [2, 2] } } }, 10_000);
    assert.deepEqual(s.get('api', 'cpu'), { t: [0, 1000, 2000, 3000, 8000, 9000], v: [1, 1, 1, 1, 2, 2], gaps: [3500] });
    s.append({}, 14_000);
    assert.deepEqual(s.get('api', 'cpu')!.gaps, [], 'a gap older than the window is dropped');
  });

  it('appends delta points and trims the store to the window', () => {
    const s = new SeriesStore();
    s.replace({ windowMs: 3000, stepMs: 1000, until: 3000, services: { api: { cpu: { t: [0, 1000, 2000], v: [1, 2, 3] } } } });
    s.append({ api: { cpu: { t: [3000, 4000], v: [4, 5] } } }, 5000);
    assert.deepEqual(s.get('api', 'cpu'), { t: [2000, 3000, 4000], v: [3, 4, 5] });
  });

  it('words the Docker engine state for the header without saying "not running" twice', () => {
    assert.equal(dockerText({ running: true, version: '20.10.24' }), 'Docker: running 20.10.24');
    assert.equal(
      dockerText({
        running: false,
        problem: 'not-running',
        reason: 'the Docker daemon is not running: no socket at unix:///var/run/docker.sock (from default). Start it.',
      }),
      'Docker: not running — no socket at unix:///var/run/docker.sock (from default). Start it.',
    );
    assert.equal(
      dockerText({ running: false, problem: 'permission-denied', reason: 'permission denied on the Docker socket x' }),
      'Docker: permission denied — permission denied on the Docker socket x',
    );
  });
});
