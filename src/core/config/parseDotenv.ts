import { interpolate, type Lookup } from './interpolate';

export interface DotenvEntry {
  key: string;
  /** Undefined for a bare `KEY` line (take it from the environment, if set there). */
  value: string | undefined;
  line: number;
}

export interface DotenvProblem {
  line: number;
  message: string;
}

/**
 * Reads dotenv text the way docker compose v2 does: `KEY=value`, `export KEY=value`, `#` comments,
 * single quotes literal, double quotes with `\n` escapes and multi-line values, unquoted values
 * trimmed with a trailing ` # comment` removed. Unquoted and double-quoted values are interpolated
 * (`${VAR}` from earlier lines, then `lookup`).
 */
export function parseDotenv(text: string, lookup: Lookup = () => undefined): { entries: DotenvEntry[]; problems: DotenvProblem[] } {
  const entries: DotenvEntry[] = [];
  const problems: DotenvProblem[] = [];
  const seen = new Map<string, string>();
  const look: Lookup = (n) => seen.get(n) ?? lookup(n);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=|$)\s*(.*)$/.exec(line);
    if (!m) {
      problems.push({ line: lineNo, message: `\`${line.slice(0, 40)}\` is not a KEY=value line (keys are letters, digits, _ . -)` });
      continue;
    }
    const [, key, eq, raw] = m;
    if (eq === '') {
      entries.push({ key, value: undefined, line: lineNo });
      continue;
    }
    let value: string;
    if (raw.startsWith("'") || raw.startsWith('"')) {
      const q = raw[0];
      let body = raw.slice(1);
      while (!closes(body, q) && i + 1 < lines.length) body += '\n' + lines[++i];
      const end = closingIndex(body, q);
      body = end >= 0 ? body.slice(0, end) : body;
      if (q === "'") value = body;
      else value = expandWith(body.replace(/\\([nrt"\\$])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? (c === '$' ? '$$' : c)), look, lineNo, problems);
    } else {
      value = expandWith(raw.replace(/\s+#.*$/, '').trim(), look, lineNo, problems);
    }
    seen.set(key, value);
    entries.push({ key, value, line: lineNo });
  }
  return { entries, problems };
}

function closingIndex(body: string, q: string): number {
  for (let i = 0; i < body.length; i++) {
    if (q === '"' && body[i] === '\\') i++;
    else if (body[i] === q) return i;
  }
  return -1;
}

const closes = (body: string, q: string) => closingIndex(body, q) >= 0;

function expandWith(text: string, lookup: Lookup, line: number, problems: DotenvProblem[]): string {
  const r = interpolate(text, lookup);
  for (const p of r.problems) if (p.kind !== 'unset') problems.push({ line, message: p.message });
  return r.value;
}

/** The file's variables as a map (bare keys resolved through `lookup`, dropped when unset there). */
export function dotenvToMap(entries: readonly DotenvEntry[], lookup: Lookup): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const v = e.value ?? lookup(e.key);
    if (v !== undefined) out[e.key] = v;
  }
  return out;
}
