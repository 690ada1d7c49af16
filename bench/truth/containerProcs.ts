/**
 * Ground truth for containers while their engine cannot be asked (stopping, restarting): which of
 * the given container ids still have a process on this machine, found by the container id in
 * /proc/<pid>/cgroup (Docker puts each container in a cgroup named after it). Read only while the
 * engine does not answer: one small read per process.
 */
import * as fs from 'node:fs';

export function containersWithProcesses(ids: readonly string[]): Set<string> {
  const alive = new Set<string>();
  if (!ids.length) return alive;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cgroup: string;
    try {
      cgroup = fs.readFileSync(`/proc/${name}/cgroup`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    for (const id of ids) if (!alive.has(id) && cgroup.includes(id)) alive.add(id);
    if (alive.size === ids.length) break;
  }
  return alive;
}
