import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Diagnostics } from '../../core/config/Diagnostics';
import type { StackConfig } from '../../core/config/model';
import { COMPOSE_FILE_NAMES, COMPOSE_OVERRIDE_NAMES } from '../../core/config/nativeKeys';
import { parseYaml } from '../../core/config/parseYaml';
import type { SourceIndex } from '../../core/config/SourceIndex';

/**
 * Where each key of the native stack file is written, so alert-config problems point at the exact
 * line (the loader does not hand its index over). Undefined for compose-only stacks or when the
 * file cannot be read; problems then point at the service definition.
 */
export function nativeIndex(config: StackConfig): SourceIndex | undefined {
  const file = config.files[0];
  const compose: readonly string[] = [...COMPOSE_FILE_NAMES, ...COMPOSE_OVERRIDE_NAMES];
  if (!file || compose.includes(basename(file))) return undefined;
  try {
    return parseYaml(file, readFileSync(file, 'utf8'), new Diagnostics()).index;
  } catch {
    return undefined;
  }
}
