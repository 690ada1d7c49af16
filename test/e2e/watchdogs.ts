import * as fs from 'node:fs';
import { readEnviron } from '../../src/infra/process/verifyProcess';
import { WATCHDOG_MARKER } from '../../src/infra/session/Watchdog';

/** The live (not zombie) watchdog processes of a stack, found by the marker in their environment. */
export async function watchdogsOf(stackId: string): Promise<number[]> {
  const found: number[] = [];
  for (const n of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    if ((await readEnviron(Number(n)))?.get(WATCHDOG_MARKER) !== stackId) continue;
    try {
      const stat = fs.readFileSync(`/proc/${n}/stat`, 'utf8');
      if (!/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0])) found.push(Number(n));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
