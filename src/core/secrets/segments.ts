import type { LineIndex } from './LineIndex';

/** Lines longer than this are searched only in windows around keyword hits. */
const longLine = 16 * 1024;

export interface Segment {
  start: number;
  end: number;
}

/** The line holding `offset` (or, on a very long line, a window around it): what a detector's validator is shown. */
export function lineAround(lines: LineIndex, text: string, offset: number): string {
  const line = lines.lineOf(offset);
  let start = lines.lineStart(line);
  let end = lines.lineEnd(line);
  if (end - start > longLine) {
    start = Math.max(start, offset - 256);
    end = Math.min(end, offset + 4096);
  }
  return text.slice(start, end);
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
