import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { ConfigDiagnostic, StackConfig } from '../../core/config/model';
import { quietText } from '../../core/config/quietText';

/**
 * Process services whose program cannot be found — on PATH for a bare name, relative to the
 * service's `cwd` for a path — as located warnings, so `validate` and `up` say so with file:line:col
 * before a start fails with `command not found`. Warnings, not errors: an `envFile` or `envFrom` can
 * still change PATH at start. Looks at the file system only; runs nothing. Commands run through a
 * shell (`shell: true`) are the shell's business.
 */
export function missingPrograms(
  config: StackConfig,
  services: readonly string[],
  env: Record<string, string | undefined>,
): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  for (const name of services) {
    const spec = config.services[name];
    if (spec?.kind !== 'process' || spec.shell || !spec.argv?.length) continue;
    const program = spec.argv[0];
    if (found(program, spec.cwd, spec.environment.PATH ?? env.PATH ?? '')) continue;
    const where = program.includes('/') ? `(looked for ${resolve(spec.cwd, program)})` : 'on PATH';
    out.push({
      severity: 'warning',
      code: 'command-not-found',
      // The program is quoted as the stack file spells it: escape sequences written as code points.
      message: quietText(`\`${name}\` runs \`${program}\`, which is not found ${where}: install it, fix the name, or write its full path.`),
      location: spec.location,
    });
  }
  return out;
}

function found(program: string, cwd: string, path: string): boolean {
  if (program.includes('/')) return executable(isAbsolute(program) ? program : resolve(cwd, program));
  return path.split(delimiter).some((dir) => dir && executable(join(isAbsolute(dir) ? dir : resolve(cwd, dir), program)));
}

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
