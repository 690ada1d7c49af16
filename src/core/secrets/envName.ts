/** Environment-variable names for secrets moved out of a file. Pure. */

function toEnvName(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

/**
 * The key the value is assigned to on its line (`KEY: v`, `KEY=v`, `"key": "v"`, `apiKey = "v"`,
 * `- KEY=v`), or undefined. `prefix` is the line's text before the value.
 */
export function assignedKey(prefix: string): { key: string; partial: boolean } | undefined {
  // A typed declaration names its variable before the type: `var k string = `, `const k: string = `.
  const m =
    /\b(?:var|const|let)\s+([A-Za-z_]\w*)(?:\s*:\s*|\s+)[\w.*[\]<>]+\s*=\s*["'`]?([^"'`\s]*)$/.exec(prefix) ??
    /([A-Za-z_][\w.-]*)["']?\s*(?::=|[:=])\s*["'`]?([^"'`\s]*)$/.exec(prefix);
  return m ? { key: m[1], partial: m[2] !== '' } : undefined;
}

/** `NAME=value` pairs of a .env file's text (later lines win, as dotenv reads them). */
export function parseEnvNames(envText: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of envText.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]))
      v = v
        .slice(1, -1)
        .replace(/\$\$/g, '$')
        .replace(/\\(["\\])/g, '$1');
    out.set(m[1], v);
  }
  return out;
}

/**
 * A name for the secret: from the key it is assigned to (with `_PASSWORD` when only part of the
 * value, e.g. a URL's password, moves), else from the rule id; made unique against `existing`
 * unless `existing` already holds the same value under that name (then it is reused).
 */
export function envNameFor(prefix: string, ruleId: string, value: string, existing: ReadonlyMap<string, string>): string {
  const found = assignedKey(prefix);
  let base = found ? toEnvName(found.key) : toEnvName(ruleId);
  if (found?.partial && !/PASSWORD|SECRET|TOKEN|KEY/.test(base)) base += '_PASSWORD';
  if (base === '' || /^\d/.test(base)) base = `SECRET_${base}`;
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}_${i}`;
    const held = existing.get(name);
    if (held === undefined || held === value) return name;
  }
}

/** One `.env` line for the value, quoted only when it needs to be (`$` doubled in double quotes, as compose reads it). */
export function envLine(name: string, value: string): string {
  if (/^[\w@%+=:,./~^-]*$/.test(value)) return `${name}=${value}`;
  if (!value.includes("'") && !/[\r\n]/.test(value)) return `${name}='${value}'`;
  return `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$').replace(/\n/g, '\\n')}"`;
}
