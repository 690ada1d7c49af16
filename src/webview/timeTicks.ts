/**
 * Time-axis ticks that never overlap: a step from a fixed ladder (1 s … 1 day), the smallest whose
 * ticks are at least one label plus a gap apart at the chart's width, so a narrow chart gets fewer
 * ticks; and one label format for the whole axis (`17:05`, or `17:05:30` when the step is under a
 * minute), never a date on one tick only. Pure: the caller measures the label width and gives the
 * time zone offset.
 */

const S = 1000;
const M = 60 * S;
const H = 60 * M;
export const TIME_STEPS = [
  S,
  2 * S,
  5 * S,
  10 * S,
  15 * S,
  30 * S,
  M,
  2 * M,
  5 * M,
  10 * M,
  15 * M,
  30 * M,
  H,
  2 * H,
  3 * H,
  6 * H,
  12 * H,
  24 * H,
];

/** Space kept between two labels, px. */
export const LABEL_GAP_PX = 12;

/** The label format a step uses: seconds only when the step is under a minute. */
export function withSeconds(stepMs: number): boolean {
  return stepMs < M;
}

/** The widest label of a format (digits at their widest), for the caller to measure. */
export function sampleLabel(stepMs: number): string {
  return withSeconds(stepMs) ? '88:88:88' : '88:88';
}

export interface TimeTicks {
  stepMs: number;
  /** Tick times, ms, ascending, inside [min, max]. */
  ticks: number[];
}

/**
 * Ticks for [min, max] ms drawn over `widthPx`: every tick a whole multiple of the step in local
 * time (`offsetMs` = local minus UTC, e.g. +3_600_000 for UTC+1), at least `labelPx(step) + gap`
 * apart. When even the largest step is too dense, only every k-th of its ticks is kept.
 */
export function timeTicks(min: number, max: number, widthPx: number, labelPx: (stepMs: number) => number, offsetMs = 0): TimeTicks {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span) || !(widthPx > 0)) return { stepMs: TIME_STEPS[0], ticks: [] };
  const pxPerMs = widthPx / span;
  const need = (step: number) => labelPx(step) + LABEL_GAP_PX;
  const stepMs = TIME_STEPS.find((step) => step * pxPerMs >= need(step)) ?? TIME_STEPS[TIME_STEPS.length - 1];
  const every = Math.max(1, Math.ceil(need(stepMs) / (stepMs * pxPerMs)));
  const ticks: number[] = [];
  const first = Math.ceil((min + offsetMs) / stepMs) * stepMs - offsetMs;
  for (let t = first, i = 0; t <= max && ticks.length < 200; t += stepMs, i++) if (i % every === 0) ticks.push(t);
  return { stepMs: stepMs * every, ticks };
}

const two = (n: number) => String(n).padStart(2, '0');

/** `17:05` or `17:05:30` (24 h, local time given by `offsetMs`): one format for every tick of an axis. */
export function timeLabel(t: number, stepMs: number, offsetMs = 0): string {
  const d = new Date(t + offsetMs);
  const hm = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  return withSeconds(stepMs) ? `${hm}:${two(d.getUTCSeconds())}` : hm;
}
