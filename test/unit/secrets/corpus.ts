import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanText } from '../../../src/core/secrets/scanText';
import type { SecretFinding } from '../../../src/core/secrets/SecretFinding';

export const corpusDir = join(__dirname, '../../fixtures/secrets');

interface Expected {
  file: string;
  line: number;
  /** A rule id or a kind. */
  expect: string;
}

export interface Score {
  truePositives: number;
  falsePositives: { file: string; line: number; ruleId: string }[];
  falseNegatives: Expected[];
  precision: number;
  recall: number;
  f1: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Scan the labelled corpus and score it against ground-truth.json (a finding matches on file, line, and rule id or kind). */
export function scoreCorpus(): Score {
  const truth = (JSON.parse(readFileSync(join(corpusDir, 'ground-truth.json'), 'utf8')) as { findings: Expected[] }).findings;
  const findings: SecretFinding[] = [];
  for (const path of walk(corpusDir)) {
    const rel = relative(corpusDir, path).replace(/\\/g, '/');
    if (rel === 'ground-truth.json' || rel.startsWith('_generator/')) continue;
    findings.push(...scanText(rel, readFileSync(path, 'utf8')));
  }
  const unmatched = [...truth];
  const falsePositives: Score['falsePositives'] = [];
  let truePositives = 0;
  for (const f of findings) {
    const i = unmatched.findIndex((t) => t.file === f.file && t.line === f.range.line && (t.expect === f.ruleId || t.expect === f.kind));
    if (i === -1) falsePositives.push({ file: f.file, line: f.range.line, ruleId: f.ruleId });
    else {
      truePositives++;
      unmatched.splice(i, 1);
    }
  }
  const precision = truePositives / Math.max(1, truePositives + falsePositives.length);
  const recall = truePositives / Math.max(1, truth.length);
  return {
    truePositives,
    falsePositives,
    falseNegatives: unmatched,
    precision,
    recall,
    f1: (2 * precision * recall) / Math.max(1e-9, precision + recall),
  };
}
