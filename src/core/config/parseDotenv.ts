import { interpolate, type Lookup } from './interpolate';
import { setOwn } from './toPlain';

export interface DotenvEntry {
  key: string;
  /** Undefined for a bare `KEY` line (take it from the environment, if set there). */
  value: string | undefined;
  line: number;
}

export interface DotenvProblem {
  line: number;
  /** 1-based column of what is wrong. */
  column: number;
  /** What is wrong, never the line's text (an env file holds secrets). */
  message: string;
}

const KEY_LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=|$)\s*(.*)$/;

/**
 * Reads dotenv text the way docker compose v2 does: `KEY=value`, `export KEY=value`, `#` comments,
 * single quotes literal, double quotes with `\n` escapes and multi-line values, unquoted values
 * trimmed with a trailing ` # comment` removed. Unquoted and double-quoted values are interpolated
 * (`${VAR}` from earlier lines, then `lookup`). Linear in the text, however it is quoted.
 */
export function parseDotenv(text: string, lookup: Lookup = () => undefined): { entries: DotenvEntry[]; problems: DotenvProblem[] } {
  const entries: DotenvEntry[] = [];
  const problems: DotenvProblem[] = [];
  const seen = new Map<string, string>();
  const look: Lookup = (n) => seen.get(n) ?? lookup(n);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const indent = lines[i].length - lines[i].trimStart().length;
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = KEY_LINE.exec(line);
    if (!m) {
      const bad = whatIsWrong(line);
      problems.push({ line: lineNo, column: indent + bad.column, message: `line ${lineNo} is not a KEY=value line: ${bad.message}` });
      continue;
    }
    const [, key, eq, raw] = m;
    if (eq === '') {
      entries.push({ key, value: undefined, line: lineNo });
      continue;
    }
    const valueColumn = indent + line.length - raw.length + 1;
    let value: string;
    if (raw.startsWith("'") || raw.startsWith('"')) {
      const q = raw[0];
      // Each line is searched once, and the value joined once at the end: re-scanning (or indexing)
      // a value grown line by line made an unclosed quote quadratic.
      const parts = [raw.slice(1)];
      let end = closingIndex(parts[0], q, 0);
      const startLine = i;
      while (end < 0 && i + 1 < lines.length) {
        parts.push(lines[++i]);
        end = closingIndex(parts[parts.length - 1], q, 0);
      }
      if (end < 0)
        problems.push({
          line: startLine + 1,
          column: valueColumn,
          message: `the ${q === '"' ? 'double' : 'single'} quote opening the value of ${key} at line ${startLine + 1}, column ${valueColumn} is never closed`,
        });
      else parts[parts.length - 1] = parts[parts.length - 1].slice(0, end);
      const body = parts.join('\n');
      if (q === "'") value = body;
      else
        value = expandWith(
          body.replace(/\\([nrt"\\$])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? (c === '$' ? '$$' : c)),
          look,
          lineNo,
          valueColumn + 1,
          problems,
        );
    } else {
      value = expandWith(raw.replace(/\s+#.*$/, '').trim(), look, lineNo, valueColumn, problems);
    }
    seen.set(key, value);
    entries.push({ key, value, line: lineNo });
  }
  return { entries, problems };
}

/** Where a line that is not `KEY=value` goes wrong, described without quoting it. */
function whatIsWrong(line: string): { column: number; message: string } {
  const body = /^export\s+/.exec(line);
  const start = body ? body[0].length : 0;
  if (!/[A-Za-z_]/.test(line[start] ?? ''))
    return { column: start + 1, message: `a name must start with a letter or _ (column ${start + 1})` };
  const nameEnd = /^[A-Za-z0-9_.-]*/.exec(line.slice(start + 1))![0].length + start + 1;
  const after = line.slice(nameEnd).search(/\S/) + nameEnd;
  const c = line[after];
  const what =
    c === ':' ? 'a colon' : c === ' ' || c === '\t' ? 'a space' : /[\p{P}\p{S}]/u.test(c) ? `\`${c}\`` : 'a character names cannot hold';
  return {
    column: after + 1,
    message: `expected \`=\` after the name at column ${after + 1}, found ${what} (names are letters, digits, _ . -)`,
  };
}

/** Index of the quote closing a value, scanning from `from` (a backslash escapes in double quotes). */
function closingIndex(body: string, q: string, from: number): number {
  for (let i = from; i < body.length; i++) {
    if (q === '"' && body[i] === '\\') i++;
    else if (body[i] === q) return i;
  }
  return -1;
}

function expandWith(text: string, lookup: Lookup, line: number, column: number, problems: DotenvProblem[]): string {
  const r = interpolate(text, lookup);
  for (const p of r.problems)
    if (p.kind !== 'unset') problems.push({ line, column: column + (p.offset ?? 0), message: `line ${line}: ${p.message}` });
  return r.value;
}

/** The file's variables as a map (bare keys resolved through `lookup`, dropped when unset there). */
export function dotenvToMap(entries: readonly DotenvEntry[], lookup: Lookup): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const v = e.value ?? lookup(e.key);
    if (v !== undefined) setOwn(out, e.key, v);
  }
  return out;
}
