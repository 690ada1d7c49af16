import type { ExitInfo } from '../ports';

/** How a run ended, in words: "exited with code 1", "killed by SIGKILL", "killed by the OOM killer". */
export function describeExit(exit: ExitInfo): string {
  if (exit.oomKilled) return 'killed by the OOM killer (out of memory)';
  if (exit.code !== null) return `exited with code ${exit.code}`;
  if (exit.signal) return `killed by ${exit.signal}`;
  // Adopted processes are not our children, so nobody tells us how they ended.
  return 'exited (status unknown)';
}

export function isCleanExit(exit: ExitInfo): boolean {
  return exit.code === 0 && !exit.oomKilled;
}
