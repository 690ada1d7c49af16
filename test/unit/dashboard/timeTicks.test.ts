import { strict as assert } from 'node:assert';
import { LABEL_GAP_PX, sampleLabel, TIME_STEPS, timeLabel, timeTicks } from '../../../src/webview/timeTicks';

// An 11 px UI font: about 6.2 px per digit or colon (what the webview measures, give or take).
const labelPx = (step: number) => Math.ceil(sampleLabel(step).length * 6.2);
const T0 = Date.UTC(2026, 11, 5, 17, 7, 23, 456);
const SPANS = [1_000, 20_000, 61_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 3_600_000, 2 * 86_400_000, 30 * 86_400_000];

describe('dashboard charts: time-axis ticks that never overlap', () => {
  it('at every width from 40 to 3000 px and every span, ticks are a label plus a gap apart, inside the range, one format', () => {
    for (const span of SPANS) {
      for (let width = 40; width <= 3000; width += 7) {
        for (const offset of [0, 3_600_000, 19_800_000, -16_200_000]) {
          const { stepMs, ticks } = timeTicks(T0, T0 + span, width, labelPx, offset);
          const where = `span ${span} ms, ${width} px, offset ${offset}`;
          const px = (t: number) => ((t - T0) * width) / span;
          for (let i = 1; i < ticks.length; i++) {
            assert.ok(px(ticks[i]) - px(ticks[i - 1]) >= labelPx(stepMs) + LABEL_GAP_PX - 1e-9, `overlap at ${where}`);
          }
          for (const t of ticks) assert.ok(t >= T0 && t <= T0 + span, `outside the range at ${where}`);
          const labels = ticks.map((t) => timeLabel(t, stepMs, offset));
          const format = stepMs < 60_000 ? /^\d\d:\d\d:\d\d$/ : /^\d\d:\d\d$/;
          for (const l of labels) assert.match(l, format, where);
          // Never two ticks with the same label (a step finer than the format shows).
          if (span < 86_400_000) assert.equal(new Set(labels).size, labels.length, `${where}: ${labels.join(' ')}`);
        }
      }
    }
  });

  it('fewer ticks when narrow, more when wide; round steps of local time', () => {
    const five = 5 * 60_000;
    const narrow = timeTicks(T0, T0 + five, 200, labelPx);
    const wide = timeTicks(T0, T0 + five, 1600, labelPx);
    assert.ok(narrow.ticks.length >= 2 && narrow.ticks.length < wide.ticks.length, `${narrow.ticks.length} vs ${wide.ticks.length}`);
    assert.ok(TIME_STEPS.includes(narrow.stepMs) && TIME_STEPS.includes(wide.stepMs));
    for (const t of narrow.ticks) assert.equal(t % narrow.stepMs, 0);
    // UTC+5:45 (Nepal): ticks of a minutes step fall on whole multiples of it in local time, not in UTC.
    const npt = 20_700_000;
    for (const width of [200, 300, 900]) {
      const hour = timeTicks(T0, T0 + 3 * 3_600_000, width, labelPx, npt);
      assert.ok(hour.stepMs >= 60_000 && hour.ticks.length >= 2, `${width}: ${hour.stepMs}`);
      for (const t of hour.ticks) {
        const [h, m] = timeLabel(t, hour.stepMs, npt).split(':').map(Number);
        assert.equal(
          (h * 60 + m) % (hour.stepMs / 60_000 > 60 ? 60 : hour.stepMs / 60_000),
          0,
          `${width}: ${timeLabel(t, hour.stepMs, npt)}`,
        );
      }
    }
  });

  it('labels: 24 h local clock, seconds only for a step under a minute', () => {
    const t = Date.UTC(2026, 11, 5, 17, 5, 30);
    assert.equal(timeLabel(t, 10_000), '17:05:30');
    assert.equal(timeLabel(t, 60_000), '17:05');
    assert.equal(timeLabel(t, 60_000, 3_600_000), '18:05');
    assert.equal(timeLabel(t, 60_000, -16_200_000), '12:35');
  });

  it('no ticks for an empty, reversed or unmeasurable range', () => {
    assert.deepEqual(timeTicks(T0, T0, 500, labelPx).ticks, []);
    assert.deepEqual(timeTicks(T0, T0 - 10, 500, labelPx).ticks, []);
    assert.deepEqual(timeTicks(T0, Number.NaN, 500, labelPx).ticks, []);
    assert.deepEqual(timeTicks(T0, T0 + 60_000, 0, labelPx).ticks, []);
  });
});
