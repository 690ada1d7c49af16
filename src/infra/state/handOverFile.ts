import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseHandOver, type HandedOverInstance } from '../../core/session/ownership';
import { stackStateDir } from './stateHome';
import { writeFileAtomicSync } from './writeFileAtomicSync';
import { stackIdOf } from '../process/processMarkers';

/** `<state dir of the stack>/detached.json`: the instances `up --wait` left running on purpose (the user's state folder, never the repository). */
const fileOf = (root: string, env: NodeJS.ProcessEnv) => join(stackStateDir(stackIdOf(root), env), 'detached.json');

/** Records the instances left running on purpose (replacing what was recorded for the same services). */
export function writeDetached(
  root: string,
  instances: HandedOverInstance[],
  warn: (message: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const file = fileOf(root, env);
  try {
    const services = new Set(instances.map((i) => i.service));
    const all = [...readDetached(root, env).filter((i) => !services.has(i.service)), ...instances].slice(-1000);
    if (!all.length) return void rmSync(file, { force: true });
    writeFileAtomicSync(file, JSON.stringify({ version: 1, at: Date.now(), instances: all }) + '\n');
  } catch (err) {
    warn(`could not record what was left running in ${file}: ${(err as Error).message}`);
  }
}

/** The instances last left running on purpose; none when there is no (readable) record. */
export function readDetached(root: string, env: NodeJS.ProcessEnv = process.env): HandedOverInstance[] {
  try {
    return parseHandOver(readFileSync(fileOf(root, env), 'utf8'));
  } catch {
    return [];
  }
}
