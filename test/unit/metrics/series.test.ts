import { strict as assert } from 'node:assert';
import { Histogram } from '../../../src/core/metrics/Histogram';
import { RateCounter } from '../../../src/core/metrics/RateCounter';
import { RingBuffer } from '../../../src/core/metrics/RingBuffer';
import { RollingWindow } from '../../../src/core/metrics/RollingWindow';
import { DEFAULT_TIERS, TimeSeries } from '../../../src/core/metrics/TimeSeries';

describe('metrics: bounded series', () => {
  it('RingBuffer drops the oldest item once full', () => {
    const r = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) r.push(i);
    assert.deepEqual(r.toArray(), [3, 4, 5]);
    assert.equal(r.at(0), 3);
    assert.equal(r.last(), 5);
    assert.equal(r.length, 3);
  });

  it('TimeSeries keeps 1 s points for the last hour and coarser ones beyond', () => {
    const s = new TimeSeries();
    const t0 = 1_700_000_000_000 - (1_700_000_000_000 % 3_600_000);
    for (let i = 0; i < 7200; i++) s.add(t0 + i * 1000, i % 2 === 0 ? 10 : 20);
    const now = t0 + 7199 * 1000;
    const lastMinute = s.points(now - 60_000, now);
    assert.equal(lastMinute.length, 61); // the buckets touching [now - 60 s, now]
    assert.ok(lastMinute.every((p) => p.n === 1));
    const twoHours = s.points(now - 2 * 3_600_000, now);
    assert.equal(twoHours.length, 120); // 1 min resolution
    assert.equal(twoHours[0].avg, 15);
    assert.equal(twoHours[0].min, 10);
    assert.equal(twoHours[0].max, 20);
    assert.equal(twoHours[0].n, 60);
    assert.equal(s.average(10_000, now), 170 / 11); // 11 buckets touch the last 10 s: six 20s, five 10s
  });

  it('TimeSeries memory stays bounded however long it runs (40 days at 1 s)', () => {
    const s = new TimeSeries();
    const cap = DEFAULT_TIERS.reduce((a, t) => a + t.capacity + 1, 0);
    const days = 40;
    for (let i = 0; i < days * 86_400; i += 1) s.add(i * 1000, i);
    assert.ok(s.size <= cap, `${s.size} points stored, cap ${cap}`);
    assert.equal(s.last()?.value, days * 86_400 - 1);
    const month = s.points((days - 30) * 86_400_000, days * 86_400_000);
    assert.ok(month.length >= 700 && month.length <= 721, `${month.length} hourly points`);
  });

  it('Histogram quantiles are within 5% of the exact ones', () => {
    const h = new Histogram();
    for (let i = 1; i <= 1000; i++) h.record(i);
    const near = (got: number | undefined, want: number) =>
      assert.ok(got !== undefined && Math.abs(got - want) / want <= 0.05, `${got} vs ${want}`);
    near(h.quantile(0.5), 500);
    near(h.quantile(0.95), 950);
    near(h.quantile(0.99), 990);
    assert.equal(h.summary().count, 1000);
    assert.equal(h.summary().max, 1000);
    assert.equal(new Histogram().quantile(0.5), undefined);
  });

  it('RollingWindow percentiles cover only the last N values', () => {
    const w = new RollingWindow(10);
    for (let i = 0; i < 100; i++) w.add(1000);
    for (let i = 1; i <= 10; i++) w.add(i);
    assert.equal(w.quantile(0.5), 5);
    assert.equal(w.quantile(1), 10);
    assert.equal(new RollingWindow(10).quantile(0.5), undefined);
    assert.equal(w.quantile(0.5, 11), undefined);
  });

  it('RateCounter counts events per minute over a sliding 60 s', () => {
    const r = new RateCounter();
    for (let i = 0; i < 30; i++) r.add(i * 1000, 2);
    assert.equal(r.perMinute(29_000), 60);
    assert.equal(r.perMinute(89_000), 0);
    assert.equal(r.perMinute(75_000), 28);
    assert.equal(r.total, 60);
  });
});
