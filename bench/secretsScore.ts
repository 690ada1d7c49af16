/** Scoring for `bench:secrets-accuracy`: labelled lines against findings, overall and by group. */

export interface Expected {
  file: string;
  line: number;
  /** A rule id or a kind. */
  expect: string;
  /** The holdout corpus groups its secrets by family (aws/gcp/azure are `cloud`, …). */
  family?: string;
}
/** A labelled lookalike: a line that must not be reported. */
export interface Negative {
  file: string;
  line: number;
  family: string;
}
export interface Found {
  file: string;
  line: number;
  /** Last line of the finding: a labelled line anywhere in [line, endLine] matches (secretlint reports some secrets as the whole JSON object). */
  endLine: number;
  labels: string[];
}
export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  /** Each true positive with the label it matched. */
  hits: { found: Found; truth: Expected }[];
  fps: Found[];
  fns: Expected[];
}

function ratios(tp: number, fp: number, fn: number): Pick<Score, 'precision' | 'recall' | 'f1'> {
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { precision, recall, f1: (2 * precision * recall) / Math.max(1e-9, precision + recall) };
}

/** Greedy one-to-one matching in finding order; `byRule` also asks for the expected rule id or kind. */
export function score(found: Found[], truth: Expected[], byRule: boolean): Score {
  const unmatched = [...truth];
  const hits: Score['hits'] = [];
  const fps: Found[] = [];
  for (const f of found) {
    const i = unmatched.findIndex(
      (t) => t.file === f.file && t.line >= f.line && t.line <= f.endLine && (!byRule || f.labels.includes(t.expect)),
    );
    if (i === -1) fps.push(f);
    else hits.push({ found: f, truth: unmatched.splice(i, 1)[0] });
  }
  return {
    tp: hits.length,
    fp: fps.length,
    fn: unmatched.length,
    ...ratios(hits.length, fps.length, unmatched.length),
    hits,
    fps,
    fns: unmatched,
  };
}

export interface GroupRow {
  group: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * The score split by `groupOf` a labelled line. A false positive counts against the group its rule
 * most often hit correctly (a `jwt` finding on a lookalike counts against `jwt`), else `(other)`.
 */
export function byGroup(s: Score, groupOf: (t: Expected) => string, ruleOf: (f: Found) => string): GroupRow[] {
  const votes = new Map<string, Map<string, number>>();
  for (const { found, truth } of s.hits) {
    const rule = ruleOf(found);
    const m = votes.get(rule) ?? new Map<string, number>();
    m.set(groupOf(truth), (m.get(groupOf(truth)) ?? 0) + 1);
    votes.set(rule, m);
  }
  const groupOfRule = (rule: string): string => {
    const m = votes.get(rule);
    return m ? [...m.entries()].sort((a, b) => b[1] - a[1])[0][0] : '(other)';
  };
  const rows = new Map<string, { tp: number; fp: number; fn: number }>();
  const row = (g: string) => rows.get(g) ?? (rows.set(g, { tp: 0, fp: 0, fn: 0 }), rows.get(g)!);
  for (const { truth } of s.hits) row(groupOf(truth)).tp++;
  for (const t of s.fns) row(groupOf(t)).fn++;
  for (const f of s.fps) row(groupOfRule(ruleOf(f))).fp++;
  return [...rows.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([group, r]) => ({ group, ...r, ...ratios(r.tp, r.fp, r.fn) }));
}

/** The same split by the file a line is in (what people commit: .env, YAML, Terraform, notebooks…). */
export function byFileKind(s: Score, kindOf: (file: string) => string): GroupRow[] {
  const rows = new Map<string, { tp: number; fp: number; fn: number }>();
  const row = (g: string) => rows.get(g) ?? (rows.set(g, { tp: 0, fp: 0, fn: 0 }), rows.get(g)!);
  for (const { truth } of s.hits) row(kindOf(truth.file)).tp++;
  for (const t of s.fns) row(kindOf(t.file)).fn++;
  for (const f of s.fps) row(kindOf(f.file)).fp++;
  return [...rows.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([group, r]) => ({ group, ...r, ...ratios(r.tp, r.fp, r.fn) }));
}

/** Labelled lookalikes a tool reported, by family. */
export function negativesHit(found: Found[], negatives: Negative[]): Map<string, { total: number; reported: number }> {
  const out = new Map<string, { total: number; reported: number }>();
  for (const n of negatives) {
    const r = out.get(n.family) ?? { total: 0, reported: 0 };
    r.total++;
    if (found.some((f) => f.file === n.file && n.line >= f.line && n.line <= f.endLine)) r.reported++;
    out.set(n.family, r);
  }
  return out;
}

/** A coarse file kind from a path, for the per-file-kind table. */
export function fileKindLabel(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  const rules: [RegExp, string][] = [
    [/^\.github\/workflows\/|(^|\/)\.gitlab-ci\.ya?ml$|(^|\/)jenkinsfile$|(^|\/)\.circleci\//i, 'ci config'],
    [/(^|\/)(k8s|kubernetes|manifests|charts)\//i, 'kubernetes/helm'],
    [/(^|\/)(docker-)?compose[^/]*\.ya?ml$/i, 'compose'],
    [/(^|\/)dockerfile[^/]*$/i, 'dockerfile'],
    [/(^|\/)\.env(\.[^/]*)?$|\.env$/i, '.env'],
    [/\.(tf|tfvars|hcl)$/i, 'terraform'],
    [/\.ipynb$/i, 'notebook'],
    [/\.(md|markdown|rst|txt)$/i, 'docs'],
    [/\.(pem|key|crt|p8|asc|pub)$|(^|\/)id_[a-z0-9]+$|authorized_keys$/i, 'key/cert file'],
    [/\.sql$/i, 'sql'],
    [/\.ya?ml$/i, 'yaml'],
    [/\.json$/i, 'json'],
    [/\.toml$/i, 'toml'],
    [/\.(ini|cfg|conf)$|(^|\/)\.(pypirc|netrc|npmrc|git-credentials)$|(^|\/)credentials$/i, 'ini/rc files'],
    [/\.properties$|\.xml$|\.config$/i, 'properties/xml'],
    [/\.(sh|bash|zsh)$/i, 'shell'],
    [/\.py$/i, 'python'],
    [/\.(m?[jt]sx?|cjs)$/i, 'js/ts'],
    [/\.go$/i, 'go'],
    [/\.(java|kt|kts|scala|cs|rb|php)$/i, 'jvm/.net/ruby/php'],
    [/\.css$|\.html?$/i, 'web assets'],
  ];
  return rules.find(([re]) => re.test(file) || re.test(name))?.[1] ?? 'other';
}
