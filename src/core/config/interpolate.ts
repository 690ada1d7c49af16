/** Looks a variable up; undefined = unset (an empty string is set). */
export type Lookup = (name: string) => string | undefined;

export interface InterpolationProblem {
  kind: 'required' | 'syntax' | 'unset';
  variable?: string;
  /** What is wrong; it never quotes the text (a value may be a secret): see `offset`. */
  message: string;
  /** 0-based offset in the text of the `$` the problem is about (syntax problems). */
  offset?: number;
}

export interface InterpolationResult {
  value: string;
  problems: InterpolationProblem[];
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;
const NAME_AT = /[_a-zA-Z][_a-zA-Z0-9]*/y;
/** `${A:-${B:-...}}` nests this deep at most; deeper is an error (each level rescans its text). */
export const MAX_INTERPOLATION_DEPTH = 16;

/**
 * Compose-style variable substitution, as the Compose Specification defines it:
 * `$VAR`, `${VAR}`, `${VAR:-default}` / `${VAR-default}` (default when unset-or-empty / unset),
 * `${VAR:?err}` / `${VAR?err}` (error when unset-or-empty / unset), `${VAR:+alt}` / `${VAR+alt}`
 * (alt when set-and-non-empty / set), `$$` for a literal `$`. Defaults and alternatives are
 * themselves interpolated, so `${A:-${B:-x}}` and `${TAG:-$VERSION}` nest. A `$` followed by
 * anything else (`$(cmd)`, `$1`) stays literal, as in docker compose v2.
 */
export function interpolate(text: string, lookup: Lookup): InterpolationResult {
  const problems: InterpolationProblem[] = [];
  const value = expand(text, lookup, problems, 0, 0);
  return { value, problems };
}

/** `base` is the offset of `text` in the outermost text, for problem offsets. */
function expand(text: string, lookup: Lookup, problems: InterpolationProblem[], depth: number, base: number): string {
  if (!text.includes('$')) return text;
  if (depth > MAX_INTERPOLATION_DEPTH) {
    problems.push({
      kind: 'syntax',
      offset: base,
      message: `substitutions are nested more than ${MAX_INTERPOLATION_DEPTH} deep (at character ${base + 1}): simplify the default values`,
    });
    return '';
  }
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      const next = text.indexOf('$', i);
      const stop = next < 0 ? text.length : next;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = matchingBrace(text, i + 2);
      if (end < 0) {
        problems.push({
          kind: 'syntax',
          offset: base + i,
          message: `the \`\${\` at character ${base + i + 1} has no closing \`}\`: write \`\${NAME}\`, or \`$$\` for a literal \`$\``,
        });
        return out + text.slice(i);
      }
      out += braced(text.slice(i + 2, end), lookup, problems, depth, base + i);
      i = end + 1;
    } else {
      NAME_AT.lastIndex = i + 1;
      const m = NAME_AT.exec(text);
      if (m) {
        out += substitute(m[0], lookup, problems);
        i += 1 + m[0].length;
      } else {
        out += '$';
        i++;
      }
    }
  }
  return out;
}

/** Index of the `}` closing a `${` whose body starts at `from`, counting nested `${`. */
function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') i++;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `at` is the offset of the `$` of `${body}` in the outermost text. */
function braced(body: string, lookup: Lookup, problems: InterpolationProblem[], depth: number, at: number): string {
  const m = NAME.exec(body);
  const name = m?.[0];
  const rest = name ? body.slice(name.length) : body;
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (!name || (rest !== '' && !op)) {
    problems.push({
      kind: 'syntax',
      offset: at,
      message: `the substitution at character ${at + 1} is not valid: write \`\${NAME}\`, \`\${NAME:-default}\`, \`\${NAME:?message}\` or \`\${NAME:+alternative}\` (names are letters, digits and _)`,
    });
    return '';
  }
  if (!op) return substitute(name, lookup, problems);
  const arg = rest.slice(op.length);
  const argAt = at + 2 + name.length + op.length;
  const value = lookup(name);
  const colon = op.startsWith(':');
  const present = colon ? value !== undefined && value !== '' : value !== undefined;
  switch (op.replace(':', '')) {
    case '-':
      return present ? value! : expand(arg, lookup, problems, depth + 1, argAt);
    case '+':
      return present ? expand(arg, lookup, problems, depth + 1, argAt) : '';
    default: {
      if (present) return value!;
      const why = expand(arg, lookup, problems, depth + 1, argAt) || `${name} is required`;
      problems.push({
        kind: 'required',
        variable: name,
        message: `required variable ${name} is ${value === undefined ? 'not set' : 'empty'}: ${why}. Set ${name} in the environment or in the .env file`,
      });
      return '';
    }
  }
}

function substitute(name: string, lookup: Lookup, problems: InterpolationProblem[]): string {
  const value = lookup(name);
  if (value !== undefined) return value;
  problems.push({
    kind: 'unset',
    variable: name,
    message: `variable ${name} is not set, using an empty string. Set it in the environment or .env, or give a default: \${${name}:-value}`,
  });
  return '';
}
