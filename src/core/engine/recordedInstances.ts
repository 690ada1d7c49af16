import { configHash } from '../config/configHash';
import type { ServiceKind } from '../config/model';
import type { Logger, ReapOutcome, RunHandle, RunRecord, ServiceRunner } from '../ports';
import type { RecordBook } from './RecordBook';
import type { ServiceSupervisor } from './ServiceSupervisor';

export type Runners = Partial<Record<ServiceKind, ServiceRunner>>;

/** Grace for instances whose service (and so its stopGracePeriod) is gone from the config. */
export const ORPHAN_GRACE_MS = 10_000;

/** `pid 123`, or a container's id cut to the 12 characters Docker shows. */
const shortId = (r: RunRecord) => (r.kind === 'docker' ? `container ${r.id.slice(0, 12)}` : r.pid ? `pid ${r.pid}` : r.id);

/** Stops a recorded instance through its runner, without adopting it; says what it did. */
export async function reapRecord(record: RunRecord, runners: Runners, graceMs: number, logger: Logger): Promise<ReapOutcome> {
  const reap = runners[record.kind]?.reap;
  if (!reap) return false;
  try {
    const did = await reap.call(runners[record.kind], record, graceMs);
    if (did === 'stopped') logger.info(`${record.service}: stopped ${shortId(record)} left from an earlier run`);
    // An ended container is only removed: saying `stopped` claimed a stop that never happened.
    else if (did === 'removed') logger.debug(`${record.service}: removed ${shortId(record)}, which had already ended`);
    return did;
  } catch (err) {
    logger.warn(`${record.service}: could not stop ${shortId(record)}: ${(err as Error).message}`);
    return false;
  }
}

/**
 * Takes over what an earlier run left for this service: adopted when alive and started from the
 * same config, stopped (so the scheduler starts it fresh) when the config changed, forgotten when gone.
 */
export async function adoptRecorded(
  sup: ServiceSupervisor,
  record: RunRecord,
  runners: Runners,
  records: RecordBook,
  logger: Logger,
): Promise<void> {
  const { spec } = sup;
  if (record.kind !== spec.kind) {
    await reapRecord(record, runners, spec.stopGracePeriod, logger);
    return records.set(spec.name, undefined);
  }
  const runner = runners[spec.kind];
  if (!runner?.adopt) return;
  let handle: RunHandle | undefined;
  try {
    handle = await runner.adopt(spec, record, sup.newContext());
  } catch (err) {
    logger.warn(`${spec.name}: could not check the instance an earlier run left (${record.id}): ${(err as Error).message}`);
  }
  if (!handle) return records.set(spec.name, undefined);
  if (record.configHash === configHash(spec)) {
    logger.info(`${spec.name}: adopting ${handle.id} from an earlier run`);
    return sup.adopt(handle, record);
  }
  logger.info(`${spec.name}: configuration changed since ${handle.id} was started; restarting it`);
  sup.tracker.set('stopping', 'configuration changed');
  try {
    await handle.stop(spec.stopGracePeriod);
  } catch (err) {
    logger.warn(`${spec.name}: could not stop ${handle.id}: ${(err as Error).message}`);
  }
  records.set(spec.name, undefined);
  sup.dispose();
  sup.tracker.set('stopped', 'configuration changed');
}
