import { strict as assert } from 'node:assert';
import { PointRing } from '../../../src/core/metrics/PointRing';
import { RollingWindow } from '../../../src/core/metrics/RollingWindow';
import { TimeSeries, type Point, type Tier } from '../../../src/core/metrics/TimeSeries';
import { indexProc, parseStat, treeOf, type ProcEntry } from '../../../src/infra/metrics/procTree';

/** The series as it was kept before the typed columns: Point objects, every bucket, then trimmed. */
function reference(tiers: readonly Tier[], values: [number, number][]): Map<number, Point[]> {
  const out = new Map<number, Point[]>();
  for (const tier of tiers) {
    const pts: (Point & { sum: number })[] = [];
    for (const [at, v] of values) {
      const t = Math.floor(at / tier.resolutionMs) * tier.resolutionMs;
      const o = pts[pts.length - 1];
      if (o && t <= o.t) {
        o.sum += v;
        o.n++;
        o.min = Math.min(o.min, v);
        o.max = Math.max(o.max, v);
        o.avg = o.sum / o.n;
      } else pts.push({ t, avg: v, min: v, max: v, n: 1, sum: v });
    }
    // capacity closed buckets plus the open one
    out.set(
      tier.resolutionMs,
      pts.slice(-(tier.capacity + 1)).map(({ sum: _s, ...p }) => p),
    );
  }
  return out;
}

describe('metrics: compact series storage', () => {
  it('TimeSeries in typed columns gives the same points as Point objects did, across growth and wrap-around', () => {
    const tiers: Tier[] = [
      { resolutionMs: 1000, capacity: 100 },
      { resolutionMs: 10_000, capacity: 7 },
    ];
    const s = new TimeSeries(tiers);
    const values: [number, number][] = [];
    let at = 5_000_000;
    for (let i = 0; i < 700; i++) {
      // mostly one value a second, some late (merged into the open bucket), some gaps
      at += i % 37 === 0 ? 4000 : i % 11 === 0 ? -300 : 1000;
      const v = ((i * 7919) % 101) / 3;
      values.push([at, v]);
      s.add(at, v);
    }
    const ref = reference(tiers, values);
    const now = at;
    assert.deepEqual(
      s.points(now - 100_000, now),
      ref.get(1000)!.filter((p) => p.t + 1000 > now - 100_000),
    );
    assert.deepEqual(
      s.points(now - 30_000, now),
      ref.get(1000)!.filter((p) => p.t + 1000 > now - 30_000),
    );
    assert.deepEqual(
      s.points(now - 70_000 - 100_000, now),
      ref.get(10_000)!.filter((p) => p.t + 10_000 > now - 170_000),
    );
    assert.equal(s.size, 101 + 8);
  });

  it('PointRing grows to its capacity, then drops the oldest', () => {
    const r = new PointRing(150);
    for (let i = 0; i < 100; i++) r.push(i, 2 * i, i, i, 2);
    assert.equal(r.length, 100);
    assert.deepEqual(
      r.pointsSince(97, 1),
      [97, 98, 99].map((i) => ({ t: i, avg: i, min: i, max: i, n: 2 })),
    );
    for (let i = 100; i < 400; i++) r.push(i, i, i, i, 1);
    assert.equal(r.length, 150);
    const all = r.pointsSince(-Infinity, 1);
    assert.equal(all.length, 150);
    assert.equal(all[0].t, 250);
    assert.equal(all[149].t, 399);
    assert.throws(() => new PointRing(0));
  });

  it('RollingWindow percentiles after wrapping around', () => {
    const w = new RollingWindow(5);
    for (const v of [9, 8, 7, 6, 5, 4, 3, 2.5]) w.add(v);
    assert.equal(w.count, 5);
    assert.equal(w.quantile(0), 2.5); // 6 5 4 3 2.5
    assert.equal(w.quantile(0.5), 4);
    assert.equal(w.quantile(1), 6);
    w.add(NaN);
    assert.equal(w.count, 5);
  });
});

describe('metrics: /proc stat parsing', () => {
  const line = (
    pid: number,
    comm: string,
    state: string,
    ppid: number,
    pgrp: number,
    utime: number,
    stime: number,
    start: number,
    rss: number,
  ) =>
    `${pid} (${comm}) ${state} ${ppid} ${pgrp} ${pgrp} 0 -1 4194560 100 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 ${start} 12345678 ${rss} 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;

  it('reads the fields after the last paren, whatever the command holds', () => {
    assert.deepEqual(parseStat(line(42, 'we ird) (name', 'S', 7, 42, 150, 50, 9999, 300)), {
      pid: 42,
      ppid: 7,
      pgrp: 42,
      ticks: 200,
      startTime: '9999',
      rssBytes: 300 * 4096,
      zombie: false,
      state: 'S',
    });
    assert.equal(parseStat(line(43, 'z', 'Z', 1, 43, 0, 0, 1, 0))?.zombie, true);
    assert.equal(parseStat(line(44, 'paused', 'T', 1, 44, 0, 0, 1, 0))?.state, 'T', 'a stopped process reads T (paused)');
    assert.equal(parseStat('42 (x) S 1 2 3'), undefined);
    assert.equal(parseStat('garbage'), undefined);
  });

  it('trees from one index: descendants and process-group members that re-parented', () => {
    const e = (pid: number, ppid: number, pgrp: number): [number, ProcEntry] => [
      pid,
      { pid, ppid, pgrp, ticks: 0, rssBytes: 0, startTime: '1', zombie: false, state: 'S' },
    ];
    const all = new Map([e(1, 0, 1), e(10, 1, 10), e(11, 10, 10), e(12, 11, 10), e(13, 1, 10), e(14, 13, 99), e(20, 1, 20), e(21, 20, 20)]);
    const ix = indexProc(all);
    assert.deepEqual(treeOf(10, undefined, ix), [10, 11, 12, 13, 14]);
    assert.deepEqual(treeOf(10, undefined, all), [10, 11, 12, 13, 14]);
    assert.deepEqual(treeOf(20, 20, ix), [20, 21]);
    assert.deepEqual(treeOf(99, undefined, ix), [14]); // a gone root's group still counts, as before
  });
});
