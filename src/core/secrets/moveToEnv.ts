import { envLine, envNameFor, parseEnvNames } from './envName';
import { fileKindOf } from './fileKind';
import { goOsImport, inGoConstBlock } from './goImports';

export interface MoveInput {
  /** Workspace-relative path of the file holding the secret. */
  path: string;
  /** The file's full text (for the `import os` check in Python). */
  text: string;
  /** The secret's line and its 0-based start/end columns on it (single-line secrets only). */
  lineText: string;
  line: number;
  start: number;
  end: number;
  ruleId: string;
  /** The workspace `.env` text, `''` when there is none yet. */
  envText: string;
}

/** What the quick fix does, as plain edits: replace columns on one line, append to `.env`, maybe insert a line. */
export interface MovePlan {
  name: string;
  replaceStart: number;
  replaceEnd: number;
  replacement: string;
  /** Text to append to `.env` (`''` when it already holds NAME=value). */
  envAppend: string;
  /** A line to insert before line `atLine` (0-based), e.g. Python's `import os`. */
  insertLine?: { atLine: number; text: string };
}

type Lookup = (name: string) => string;
const lookups: [RegExp, Lookup, (name: string) => string][] = [
  [/\.[cm]?[jt]sx?$/i, (n) => `process.env.${n}`, (n) => `\${process.env.${n}}`],
  [/\.py$/i, (n) => `os.environ["${n}"]`, (n) => `{os.environ['${n}']}`],
];

function interpolates(path: string): boolean {
  return fileKindOf(path) === 'compose' || /\.(?:ya?ml|properties)$/i.test(path);
}

/** The string literal around [start, end) on the line: its quote and bounds, or undefined. */
function literalAround(line: string, start: number, end: number): { quote: string; open: number; close: number } | undefined {
  for (let open = start - 1; open >= 0; open--) {
    const q = line[open];
    if (q !== '"' && q !== "'" && q !== '`') continue;
    const close = line.indexOf(q, end);
    return close === -1 ? undefined : { quote: q, open, close };
  }
  return undefined;
}

/** Replace a literal in code by an environment lookup; undefined when the language is not supported. Go: see goReplacement. */
function codeReplacement(input: MoveInput, name: string): Pick<MovePlan, 'replaceStart' | 'replaceEnd' | 'replacement'> | undefined {
  const entry = lookups.find(([re]) => re.test(input.path));
  const lit = literalAround(input.lineText, input.start, input.end);
  if (lit && /\.go$/i.test(input.path)) return goReplacement(input, name, lit);
  if (!entry || !lit) return undefined;
  const [, whole, inside] = entry;
  const pre = input.lineText.slice(lit.open + 1, input.start);
  const post = input.lineText.slice(input.end, lit.close);
  if (pre === '' && post === '') return { replaceStart: lit.open, replaceEnd: lit.close + 1, replacement: whole(name) };
  if (/\.py$/i.test(input.path)) {
    const esc = (s: string) => s.replace(/[{}]/g, (c) => c + c);
    return {
      replaceStart: lit.open,
      replaceEnd: lit.close + 1,
      replacement: `f${lit.quote}${esc(pre)}${inside(name)}${esc(post)}${lit.quote}`,
    };
  }
  const esc = (s: string) => (lit.quote === '`' ? s : s.replace(/[`]|\$\{/g, (c) => `\\${c}`));
  return { replaceStart: lit.open, replaceEnd: lit.close + 1, replacement: `\`${esc(pre)}${inside(name)}${esc(post)}\`` };
}

/**
 * Go: `os.Getenv("NAME")` for the whole literal, or `" + os.Getenv("NAME") + "` inside a longer one
 * (with the literal's own quote, so raw strings stay raw); a one-line `const` becomes `var`, since a
 * constant cannot hold a call.
 */
function goReplacement(
  input: MoveInput,
  name: string,
  lit: { quote: string; open: number; close: number },
): Pick<MovePlan, 'replaceStart' | 'replaceEnd' | 'replacement'> {
  const whole = lit.open === input.start - 1 && lit.close === input.end;
  const [start, end, lookup] = whole
    ? [lit.open, lit.close + 1, `os.Getenv("${name}")`]
    : [input.start, input.end, `${lit.quote} + os.Getenv("${name}") + ${lit.quote}`];
  const constDecl = /^(\s*)const(\s+)(?!\()/.exec(input.lineText);
  if (!constDecl) return { replaceStart: start, replaceEnd: end, replacement: lookup };
  const kw = constDecl[1].length;
  return { replaceStart: kw, replaceEnd: end, replacement: `var${input.lineText.slice(kw + 5, start)}${lookup}` };
}

function pythonImport(text: string): MovePlan['insertLine'] {
  if (/^\s*import\s+(?:[\w.]+\s*,\s*)*os\b|^\s*from\s+os\s+import\s+environ/m.test(text)) return undefined;
  return { atLine: text.startsWith('#!') ? 1 : 0, text: 'import os' };
}

/**
 * Plan "Move secret to .env": the value goes to `.env` under a name taken from its key, and is
 * replaced by `${NAME}` in compose/YAML/properties or by an environment lookup in TS/JS, Python
 * and Go. Undefined when the file is itself an env file or its language is not supported.
 */
export function planMoveToEnv(input: MoveInput): MovePlan | undefined {
  if (fileKindOf(input.path) === 'env' || input.end <= input.start) return undefined;
  const go = /\.go$/i.test(input.path);
  // Inside `const ( ... )` the lookup would need the whole block turned into `var`: not offered.
  if (go && inGoConstBlock(input.text, input.line)) return undefined;
  const value = input.lineText.slice(input.start, input.end);
  const existing = parseEnvNames(input.envText);
  const name = envNameFor(input.lineText.slice(0, input.start), input.ruleId, value, existing);
  const envAppend =
    existing.get(name) === value ? '' : `${input.envText === '' || input.envText.endsWith('\n') ? '' : '\n'}${envLine(name, value)}\n`;
  if (interpolates(input.path)) return { name, replaceStart: input.start, replaceEnd: input.end, replacement: `\${${name}}`, envAppend };
  const code = codeReplacement(input, name);
  if (!code) return undefined;
  const insertLine = /\.py$/i.test(input.path) ? pythonImport(input.text) : go ? goOsImport(input.text) : undefined;
  return { name, ...code, envAppend, ...(insertLine ? { insertLine } : {}) };
}
