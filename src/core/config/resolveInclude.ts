import { posix } from 'node:path';
import type { Diagnostics } from './Diagnostics';
import { isPlainMap, Reader, type Plain } from './Reader';
import { rebasePaths } from './resolveExtends';
import type { SourceIndex } from './SourceIndex';

/** Parses and interpolates one compose file: its tree and index, undefined when it cannot be read (the reader reports why). */
export type ReadCompose = (file: string, at: import('./model').SourceLocation) => Promise<{ value: Plain; index: SourceIndex } | undefined>;

const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'] as const;
const MAX_DEPTH = 16;
/**
 * Included files read for one compose file, includes of includes counted each time they are read:
 * nine files that each include all nine read 9^16 files (a 2 KB project never finished).
 */
export const MAX_INCLUDED_FILES = 100;

/**
 * Top-level `include:` as the Compose Specification describes it: each listed file is loaded as its
 * own model (its own `include`s first; relative paths resolved against its own folder, or
 * `project_directory`) and its services, networks, volumes, secrets and configs are added to the
 * including file's. A name defined in both is a located error (compose refuses the conflict);
 * `env_file` of an include entry is not read (the project's variables apply), which is said once.
 */
export async function resolveInclude(
  value: Plain,
  index: SourceIndex,
  file: string,
  read: ReadCompose,
  diags: Diagnostics,
  chain: string[] = [],
  budget = { left: MAX_INCLUDED_FILES },
): Promise<void> {
  const list = value.include;
  delete value.include;
  if (list === undefined || list === null) return;
  const r = new Reader({ index, diags }, ['include'], list);
  const entries = r.list() ?? [];
  for (const e of entries) {
    const long = isPlainMap(e.value);
    if (long) e.checkKeys(['path', 'project_directory', 'env_file'], '`include` entry');
    const paths = long ? (e.child('path').strings({ single: true }) ?? []) : [e.str()].filter((p): p is string => !!p);
    if (long && e.has('env_file'))
      e.child('env_file').warn(
        'unsupported',
        "`env_file` of an include is not read yet: the included file is interpolated with the project's variables (environment, then .env).",
        'key',
      );
    for (const rel of paths) {
      const abs = posix.resolve(posix.dirname(file), rel);
      if (abs === file || chain.includes(abs) || chain.length > MAX_DEPTH) {
        e.error(
          'include-cycle',
          `${posix.basename(abs)} includes itself through ${[...chain.slice(chain.indexOf(abs) < 0 ? 0 : chain.indexOf(abs)), file, abs].map((f) => posix.basename(f)).join(' -> ')}: remove one of these \`include\`s.`,
        );
        continue;
      }
      if (budget.left <= 0) {
        if (budget.left-- === 0)
          e.error(
            'include-limit',
            `This \`include\` reads more than ${MAX_INCLUDED_FILES} files in total (an included file counts each time something includes it): a project never needs that many. Include each file once.`,
          );
        continue;
      }
      budget.left--;
      const inc = await read(abs, e.loc);
      if (!inc) continue;
      await resolveInclude(inc.value, inc.index, abs, read, diags, [...chain, file], budget);
      const dirR = long ? e.child('project_directory').str() : undefined;
      const dir = dirR ? posix.resolve(posix.dirname(file), dirR) : posix.dirname(abs);
      for (const section of SECTIONS) {
        const from = inc.value[section];
        if (!isPlainMap(from)) continue;
        const into = isPlainMap(value[section]) ? value[section] : (value[section] = Object.create(null) as Plain);
        for (const [name, def] of Object.entries(from)) {
          if (Object.prototype.hasOwnProperty.call(into, name)) {
            new Reader({ index, diags }, [section, name], into[name]).error(
              'include-conflict',
              `\`${section}.${name}\` is defined here and in ${posix.basename(abs)}, which is included: rename one of them (compose refuses the conflict).`,
              'key',
            );
            continue;
          }
          if (isPlainMap(def)) {
            if (section === 'services') rebasePaths(def, dir);
            else if (typeof def.file === 'string') def.file = posix.resolve(dir, def.file);
          }
          into[name] = def;
          index.copy([section, name], [section, name], inc.index);
        }
      }
    }
  }
}
