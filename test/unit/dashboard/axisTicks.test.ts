import { strict as assert } from 'node:assert';
import type { HostMessage } from '../../../src/shared/protocol';
import { niceStep, roundTicks, tickLabels, unitFor } from '../../../src/webview/axisTicks';
import { sparksDue } from '../../../src/webview/sparksDue';

const MB = 1024 * 1024;
const labels = (kind: 'ms' | 'percent' | 'bytes', min: number, max: number) => {
  const unit = unitFor(kind, max);
  return tickLabels(roundTicks(min, max, unit), unit);
};

describe('dashboard axes: round ticks in the unit shown, one precision per axis', () => {
  it('memory ticks are round in MB (the unit shown), not round decimal byte counts printed in 1024 units (19.1 / 38.1 MB)', () => {
    assert.deepEqual(labels('bytes', 0, 57 * MB), ['0 MB', '20 MB', '40 MB']);
    assert.deepEqual(labels('bytes', 0, 47.7 * MB * 1.15), ['0 MB', '20 MB', '40 MB']);
    assert.deepEqual(labels('bytes', 0, 600 * 1024), ['0 KB', '200 KB', '400 KB', '600 KB']);
    for (const t of roundTicks(0, 57 * MB, unitFor('bytes', 57 * MB))) assert.equal(t % MB, 0);
  });

  it('an empty or tiny memory axis counts whole bytes: [0, 1] (all samples 0) read "0.0000 KB / 0.0005 KB", clipped to "0000 KB / 0005 KB"', () => {
    assert.deepEqual(labels('bytes', 0, 1), ['0 B', '1 B']);
    assert.deepEqual(labels('bytes', 0, 5 * 1.15), ['0 B', '2 B', '4 B']);
    assert.deepEqual(labels('bytes', 0, 700), ['0 B', '200 B', '400 B', '600 B']);
    assert.deepEqual(labels('bytes', 0, 1024), ['0.0 KB', '0.5 KB', '1.0 KB']);
    for (const max of [0, 1, 3, 17, 900, 1500, 5000, 3 * MB]) {
      for (const label of labels('bytes', 0, max)) {
        assert.match(label, /^\d+(\.\d+)? (B|KB|MB)$/, `${max}: ${label}`);
        assert.ok(label.length <= 8, `${max}: "${label}" fits the axis`);
        if (label.endsWith(' B')) assert.match(label, /^\d+ B$/, 'no fraction of a byte');
      }
    }
  });

  it('one precision per axis: "0 ms / 20 ms", "0.0 % / 0.5 % / 1.0 %", never "0.0 ms" beside "20 ms"', () => {
    assert.deepEqual(labels('ms', 0, 63), ['0 ms', '20 ms', '40 ms', '60 ms']);
    assert.deepEqual(labels('percent', 0, 1.15), ['0.0 %', '0.5 %', '1.0 %']);
    assert.deepEqual(labels('percent', 0, 12.6), ['0 %', '5 %', '10 %']);
    assert.deepEqual(labels('percent', 0, 0.3), ['0.0 %', '0.1 %', '0.2 %', '0.3 %']);
  });

  it('timeline ticks are round durations (0 / 500 ms / 1.0 s), not quarters of the span (359 ms / 718 ms / 1.08 s)', () => {
    assert.deepEqual(labels('ms', 0, 1436), ['0.0 s', '0.5 s', '1.0 s']);
    assert.deepEqual(labels('ms', 0, 718), ['0 ms', '200 ms', '400 ms', '600 ms']);
    assert.deepEqual(labels('ms', 0, 25_000), ['0 s', '10 s', '20 s']);
  });

  it('steps are 1, 2 or 5 x 10^k; degenerate spans do not loop', () => {
    assert.equal(niceStep(100), 50);
    assert.equal(niceStep(0.7), 0.2);
    assert.equal(niceStep(0), 1);
    assert.equal(niceStep(Number.NaN), 1);
    assert.ok(roundTicks(0, 1e12, unitFor('ms', 1e12)).length <= 50);
    assert.deepEqual(roundTicks(5, 5, unitFor('ms', 5)), [5]);
  });
});

describe('dashboard sparklines: redrawn from the series a snapshot brings', () => {
  const delta = (points: Record<string, never>): HostMessage => ({ type: 'delta', points, until: 0, sentAt: 0 }) as never;
  it('a snapshot (panel re-shown or reloaded) redraws every sparkline, not only those that got points', () => {
    assert.equal(sparksDue([{ type: 'snapshot' } as never]), 'all');
    assert.equal(sparksDue([delta({}), { type: 'series' } as never]), 'all');
    assert.deepEqual([...(sparksDue([delta({ db: {} as never }), delta({ api: {} as never })]) as Set<string>)].sort(), ['api', 'db']);
    assert.deepEqual([...(sparksDue([delta({})]) as Set<string>)], []);
  });
});
