/**
 * A foreground `stackpilot up` that supervises services: it restarts them after a crash and fires
 * their alerts. A second supervisor (an editor window adopting the same services) would restart
 * them twice, so a window leaves alone every service a live supervisor lists.
 */
export interface SupervisorRecord {
  pid: number;
  /** The OS's start time of `pid` (/proc/<pid>/stat field 22), so a reused pid does not count as the supervisor. */
  startTime?: string;
  services: string[];
  /** Epoch ms when supervision began. */
  since: number;
}

/**
 * Who supervises `service` among `records`: the first one listing it that `alive` confirms is
 * still the same process, named for a log line (`stackpilot up (pid 4242)`). Undefined when none does.
 */
export function supervisorOf(
  service: string,
  records: readonly SupervisorRecord[],
  alive: (r: SupervisorRecord) => boolean,
): string | undefined {
  const r = records.find((x) => x.services.includes(service) && alive(x));
  return r ? `stackpilot up (pid ${r.pid})` : undefined;
}
