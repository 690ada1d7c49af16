import type { StackEngine } from '../../src/infra/createStackEngine';
import type { Monitor } from '../../src/infra/metrics/createMonitor';
import { killAll, tempDir } from './testKit';

/** A temp folder per test plus the engine and monitor a test creates, torn down after it (by pid too). */
export interface MonitoredRun {
  dir: string;
  engine?: StackEngine;
  monitor?: Monitor;
  pids: Set<number>;
}

/** Registers the hooks in the calling `describe`; the test fills in `engine`, `monitor` and `pids`. */
export function useMonitoredRun(): MonitoredRun {
  const run: MonitoredRun = { dir: '', pids: new Set() };
  let remove = () => undefined as void;
  beforeEach(() => {
    const tmp = tempDir();
    run.dir = tmp.dir;
    remove = tmp.remove;
  });
  afterEach(async () => {
    run.monitor?.dispose();
    if (run.engine) {
      await run.engine.down().catch(() => undefined);
      run.engine.dispose();
    }
    run.monitor = undefined;
    run.engine = undefined;
    killAll(run.pids);
    remove();
  });
  return run;
}
