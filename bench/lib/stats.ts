/** Summary statistics and output shared by the benches: min/median/max, percentiles, ratios, --json. */
import * as os from 'node:os';

export interface Summary {
  n: number;
  min: number;
  median: number;
  max: number;
  p95: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, min: s[0] ?? NaN, median: percentile(s, 50), max: s[s.length - 1] ?? NaN, p95: percentile(s, 95) };
}

export function fmt(s: Summary, unit = 'ms'): string {
  return `median ${s.median.toFixed(0)} ${unit} (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)}, n=${s.n})`;
}

/** `--json` on the command line: the bench prints one JSON document (and nothing else) on stdout. */
export const jsonOutput = process.argv.includes('--json');

/** Human-readable lines go to stderr when --json is asked for, so stdout stays parseable. */
export function say(line: string): void {
  if (jsonOutput) process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

export function emitJson(doc: unknown): void {
  if (jsonOutput) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

/** Runs `count` rounds, each running every contender once in an order rotated by the round number. */
export async function alternate<K extends string>(
  count: number,
  contenders: K[],
  run: (name: K, round: number) => Promise<void>,
): Promise<void> {
  for (let round = 0; round < count; round++) {
    for (let i = 0; i < contenders.length; i++) await run(contenders[(i + round) % contenders.length], round);
  }
}

export function machineNote(): string {
  const [l1, l5] = os.loadavg();
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${l1.toFixed(2)}/${l5.toFixed(2)}, Node ${process.version}`;
}
