import { posix } from 'node:path';
import type { Diagnostics } from './Diagnostics';
import type { Lookup } from './interpolate';
import { dotenvToMap, parseDotenv } from './parseDotenv';
import { isPlainMap, type Reader } from './Reader';
import { setOwn } from './toPlain';

/**
 * A compose service's environment: each `env_file` in order (string, list, or v2 `{ path, required }`
 * entries; a missing required file is an error), then `environment` (map or `KEY=value` list) on top.
 * `NAME` without a value takes the variable from the shell / `.env`, and is left out when unset there.
 * Unquoted YAML booleans and numbers become text (`true`, `5432`), as compose v2 does.
 */
export function composeEnvironment(
  svc: Reader,
  dir: string,
  lookup: Lookup,
  envFiles: Map<string, string | undefined | 'refused'>,
  diags: Diagnostics,
): Record<string, string> {
  const env: Record<string, string> = {};
  const files = svc.child('env_file');
  const entries = files.value === undefined || files.value === null ? [] : Array.isArray(files.value) ? files.items() : [files];
  for (const entry of entries) {
    const isLong = isPlainMap(entry.value);
    if (isLong) entry.checkKeys(['path', 'required', 'format'], `\`${entry.name}\``);
    const rel = (isLong ? entry.child('path') : entry).str();
    if (rel === undefined) continue;
    const required = isLong ? (entry.child('required').bool() ?? true) : true;
    const abs = posix.resolve(dir, rel);
    const text = envFiles.get(abs);
    if (text === 'refused') continue; // already a located error
    if (text === undefined) {
      if (required)
        entry.error(
          'missing-env-file',
          `env_file ${rel} does not exist (looked for ${abs}). Create it, fix the path, or write \`{ path: ${rel}, required: false }\`.`,
        );
      continue;
    }
    const parsed = parseDotenv(text, lookup);
    for (const p of parsed.problems) diags.error('bad-env-file', `${p.message}.`, { file: abs, line: p.line, column: p.column });
    Object.assign(env, dotenvToMap(parsed.entries, lookup));
  }
  const e = svc.child('environment');
  if (Array.isArray(e.value)) {
    for (const item of e.items()) {
      const s = item.str(true);
      if (s === undefined) continue;
      const eq = s.indexOf('=');
      setVar(env, eq < 0 ? s : s.slice(0, eq), eq < 0 ? null : s.slice(eq + 1), lookup);
    }
  } else if (isPlainMap(e.value)) {
    for (const [k, v] of e.entries()) {
      if (isPlainMap(v.value) || Array.isArray(v.value))
        v.error('wrong-type', `\`${v.name}\` must be a string, number or boolean, got ${Array.isArray(v.value) ? 'a list' : 'a map'}.`);
      else setVar(env, k, v.value === null || v.value === undefined ? null : String(v.value), lookup);
    }
  } else if (e.value !== undefined && e.value !== null) {
    e.error('wrong-type', `\`${e.name}\` must be a map (\`KEY: value\`) or a list (\`- KEY=value\`).`);
  }
  return env;
}

function setVar(env: Record<string, string>, key: string, value: string | null, lookup: Lookup): void {
  const v = value ?? lookup(key);
  if (v === undefined) delete env[key];
  else setOwn(env, key, v);
}
