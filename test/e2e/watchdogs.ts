import * as fs from 'node:fs';
import { readProcStatSync } from '../../src/infra/process/procStat';
import { readEnviron } from '../../src/infra/process/verifyProcess';
import { WATCHDOG_MARKER } from '../../src/infra/session/Watchdog';

/** The live (not zombie) watchdog processes of a stack, found by the marker in their environment. */
export async function watchdogsOf(stackId: string): Promise<number[]> {
  const found: number[] = [];
  for (const n of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    if ((await readEnviron(Number(n)))?.get(WATCHDOG_MARKER) !== stackId) continue;
    const state = readProcStatSync(Number(n))?.state;
    if (state !== undefined && !/^[ZX]$/.test(state)) found.push(Number(n)); // undefined: gone meanwhile
  }
  return found;
}
