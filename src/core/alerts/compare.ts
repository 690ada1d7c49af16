import type { Operator } from './model';

export function compare(op: Operator, value: number, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

/**
 * Whether a firing alert may clear: the value must be back past the threshold by `band` on the
 * good side (hysteresis), so a value hovering at the threshold does not flap.
 */
export function clears(op: Operator, value: number, threshold: number, band: number): boolean {
  switch (op) {
    case '>':
    case '>=':
      return value < threshold - band || (band === 0 && !compare(op, value, threshold));
    case '<':
    case '<=':
      return value > threshold + band || (band === 0 && !compare(op, value, threshold));
    default:
      return !compare(op, value, threshold);
  }
}

/** Default hysteresis band: 5% of the threshold for ordered comparisons, none for == / !=. */
export const defaultBand = (op: Operator, threshold: number): number => (op === '==' || op === '!=' ? 0 : Math.abs(threshold) * 0.05);
