/**
 * `npm run bench:secrets-accuracy`: precision, recall and F1 on the labelled corpus
 * (test/fixtures/secrets, ground-truth.json) for Stackpilot and for secretlint 13 with its
 * recommended preset. Two matchings: "line" (a finding whose lines cover a labelled file+line: the only one
 * secretlint can be scored by, its rule ids differ) and, for Stackpilot, "rule" (same line and the
 * expected rule id or kind). Target: Stackpilot F1 >= 0.95, and above secretlint.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanText } from '../src/core/secrets/scanText';
import { repoRoot, runSecretlint, secretlintVersion } from './secretlint';

const corpus = join(repoRoot, 'test', 'fixtures', 'secrets');

interface Expected {
  file: string;
  line: number;
  expect: string;
}
interface Found {
  file: string;
  line: number;
  /** Last line of the finding: a labelled line anywhere in [line, endLine] matches (secretlint reports some secrets as the whole JSON object). */
  endLine: number;
  labels: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function score(found: Found[], truth: Expected[], byRule: boolean) {
  const unmatched = [...truth];
  let tp = 0;
  const fps: Found[] = [];
  for (const f of found) {
    const i = unmatched.findIndex(
      (t) => t.file === f.file && t.line >= f.line && t.line <= f.endLine && (!byRule || f.labels.includes(t.expect)),
    );
    if (i === -1) fps.push(f);
    else {
      tp++;
      unmatched.splice(i, 1);
    }
  }
  const precision = tp / Math.max(1, tp + fps.length);
  const recall = tp / Math.max(1, truth.length);
  return {
    tp,
    fp: fps.length,
    fn: unmatched.length,
    precision,
    recall,
    f1: (2 * precision * recall) / Math.max(1e-9, precision + recall),
    fps,
    fns: unmatched,
  };
}

function row(name: string, s: ReturnType<typeof score>): string {
  const pct = (x: number) => x.toFixed(3);
  return `${name.padEnd(36)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}   ${pct(s.precision)}     ${pct(s.recall)}   ${pct(s.f1)}`;
}

function main(): void {
  const truth = (JSON.parse(readFileSync(join(corpus, 'ground-truth.json'), 'utf8')) as { findings: Expected[] }).findings;
  const files = walk(corpus)
    .map((p) => relative(corpus, p).replace(/\\/g, '/'))
    .filter((r) => r !== 'ground-truth.json' && !r.startsWith('_generator/'));
  console.log(`corpus: ${files.length} files, ${truth.length} labelled secrets (test/fixtures/secrets)\n`);

  // Stackpilot as the CLI runs it (default --min-confidence medium).
  const ours: Found[] = files.flatMap((rel) =>
    scanText(rel, readFileSync(join(corpus, rel), 'utf8'), { minConfidence: 'medium' }).map((f) => ({
      file: rel,
      line: f.range.line,
      endLine: f.range.endLine,
      labels: [f.ruleId, f.kind],
    })),
  );
  const results: [string, ReturnType<typeof score>][] = [
    ['stackpilot (rule id or kind + line)', score(ours, truth, true)],
    ['stackpilot (line)', score(ours, truth, false)],
  ];

  const sl = secretlintVersion();
  if ('error' in sl) console.log(`secretlint: not run: ${sl.error}\n`);
  else {
    const { results: slResults } = runSecretlint(corpus, files, { glob: false });
    const theirs: Found[] = slResults.flatMap((r) =>
      r.messages.map((m) => ({
        file: relative(corpus, r.filePath).replace(/\\/g, '/'),
        line: m.loc.start.line,
        endLine: m.loc.end.line,
        labels: [m.ruleId],
      })),
    );
    results.push([`secretlint ${sl.version} recommend (line)`, score(theirs, truth, false)]);
  }

  console.log(`${'tool (matching)'.padEnd(36)}   TP   FP   FN   precision  recall  F1`);
  for (const [name, s] of results) console.log(row(name, s));
  for (const [name, s] of results) {
    if (s.fps.length) console.log(`\n${name} false positives: ${s.fps.map((f) => `${f.file}:${f.line} ${f.labels[0]}`).join(', ')}`);
    if (s.fns.length) console.log(`${name} missed: ${s.fns.map((f) => `${f.file}:${f.line} ${f.expect}`).join(', ')}`);
  }
}

main();
