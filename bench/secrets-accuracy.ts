/**
 * `npm run bench:secrets-accuracy [-- --corpus holdout|<folder>]`: precision, recall and F1 on a
 * labelled corpus (a folder with ground-truth.json) for Stackpilot and for secretlint 13 with its
 * recommended preset. Corpora: test/fixtures/secrets (default; the detectors' own fixtures) and
 * test/fixtures/secrets-holdout (`holdout`: written apart, never used to tune a detector).
 * Two matchings: "line" (a finding whose lines cover a labelled file+line: the only one
 * secretlint can be scored by, its rule ids differ) and, for Stackpilot, "rule" (same line and the
 * expected rule id or kind). When the corpus labels families, also per family, per file kind, and
 * which labelled lookalikes each tool reported. Target: Stackpilot F1 >= 0.95, and above secretlint.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { scanText } from '../src/core/secrets/scanText';
import { repoRoot, runSecretlint, secretlintVersion } from './secretlint';
import {
  byFileKind,
  byGroup,
  fileKindLabel,
  negativesHit,
  score,
  type Expected,
  type Found,
  type GroupRow,
  type Negative,
  type Score,
} from './secretsScore';

function corpusDir(): string {
  const i = process.argv.indexOf('--corpus');
  const arg = i === -1 ? undefined : process.argv[i + 1];
  if (arg === undefined) return join(repoRoot, 'test', 'fixtures', 'secrets');
  if (arg === 'holdout') return join(repoRoot, 'test', 'fixtures', 'secrets-holdout');
  return resolve(arg);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

const pct = (x: number) => x.toFixed(3);

function row(name: string, s: Pick<Score, 'tp' | 'fp' | 'fn' | 'precision' | 'recall' | 'f1'>, width = 36): string {
  return `${name.padEnd(width)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}   ${pct(s.precision)}     ${pct(s.recall)}   ${pct(s.f1)}`;
}

/** Ours and secretlint's rows side by side, one line per group. */
function groupTable(title: string, ours: GroupRow[], theirs: GroupRow[] | undefined): void {
  console.log(
    `\n${title.padEnd(20)} stackpilot (line): TP FP FN  P     R     F1   ${theirs ? '| secretlint (line): TP FP FN  P     R     F1' : ''}`,
  );
  for (const r of ours) {
    const t = theirs?.find((x) => x.group === r.group);
    const cell = (x: GroupRow | undefined) =>
      x
        ? `${String(x.tp).padStart(3)} ${String(x.fp).padStart(2)} ${String(x.fn).padStart(2)}  ${pct(x.precision)} ${pct(x.recall)} ${pct(x.f1)}`
        : '  -  -  -';
    console.log(`${r.group.padEnd(20)}                 ${cell(r)} ${theirs ? `|                ${cell(t)}` : ''}`);
  }
}

function main(): void {
  const corpus = corpusDir();
  const data = JSON.parse(readFileSync(join(corpus, 'ground-truth.json'), 'utf8')) as { findings: Expected[]; negatives?: Negative[] };
  const truth = data.findings;
  const negatives = data.negatives ?? [];
  const files = walk(corpus)
    .map((p) => relative(corpus, p).replace(/\\/g, '/'))
    .filter((r) => r !== 'ground-truth.json' && !r.startsWith('_generator/'));
  console.log(
    `corpus: ${files.length} files, ${truth.length} labelled secrets, ${negatives.length} labelled lookalikes (${relative(repoRoot, corpus)})\n`,
  );

  // Stackpilot as the CLI runs it (default --min-confidence medium).
  const ours: Found[] = files.flatMap((rel) =>
    scanText(rel, readFileSync(join(corpus, rel), 'utf8'), { minConfidence: 'medium' }).map((f) => ({
      file: rel,
      line: f.range.line,
      endLine: f.range.endLine,
      labels: [f.ruleId, f.kind],
    })),
  );
  const results: [string, Score][] = [
    ['stackpilot (rule id or kind + line)', score(ours, truth, true)],
    ['stackpilot (line)', score(ours, truth, false)],
  ];

  let theirs: Found[] | undefined;
  const sl = secretlintVersion();
  if ('error' in sl) console.log(`secretlint: not run: ${sl.error}\n`);
  else {
    const { results: slResults } = runSecretlint(corpus, files, { glob: false });
    theirs = slResults.flatMap((r) =>
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

  const oursLine = results[1][1];
  const theirsLine = theirs ? results[2][1] : undefined;
  if (truth.some((t) => t.family)) {
    const family = (t: Expected) => t.family ?? '(none)';
    const rule = (f: Found) => f.labels[0];
    groupTable('family', byGroup(oursLine, family, rule), theirsLine && byGroup(theirsLine, family, rule));
    groupTable('file kind', byFileKind(oursLine, fileKindLabel), theirsLine && byFileKind(theirsLine, fileKindLabel));
  }
  if (negatives.length) {
    const a = negativesHit(ours, negatives);
    const b = theirs && negativesHit(theirs, negatives);
    console.log(`\n${'lookalike family'.padEnd(20)} labelled  reported by stackpilot${b ? '  reported by secretlint' : ''}`);
    for (const [fam, r] of [...a.entries()].sort((x, y) => x[0].localeCompare(y[0])))
      console.log(
        `${fam.padEnd(20)} ${String(r.total).padStart(8)}  ${String(r.reported).padStart(21)}${b ? String(b.get(fam)?.reported ?? 0).padStart(24) : ''}`,
      );
  }
  for (const [name, s] of results) {
    if (s.fps.length) console.log(`\n${name} false positives: ${s.fps.map((f) => `${f.file}:${f.line} ${f.labels[0]}`).join(', ')}`);
    if (s.fns.length) console.log(`${name} missed: ${s.fns.map((f) => `${f.file}:${f.line} ${f.expect}`).join(', ')}`);
  }
}

main();
