import type { LineIndex } from './LineIndex';

/** Lines longer than this are searched only in windows around keyword hits. */
const longLine = 16 * 1024;

export interface Segment {
  start: number;
  end: number;
}

/** The text worth running a detector's regex on: each line holding a hit (or a window of a very long line). */
export function segmentsAround(lines: LineIndex, hits: readonly number[]): Segment[] {
  const out: Segment[] = [];
  for (const hit of hits) {
    const last = out[out.length - 1];
    if (last && hit < last.end) continue;
    const line = lines.lineOf(hit);
    let start = lines.lineStart(line);
    let end = lines.lineEnd(line);
    if (end - start > longLine) {
      start = Math.max(start, hit - 256);
      end = Math.min(end, hit + 4096);
    }
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}
