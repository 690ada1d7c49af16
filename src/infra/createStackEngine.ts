import { join } from 'node:path';
import type { StackConfig } from '../core/config/model';
import { refusingProbes } from '../core/engine/restricted';
import { StackEngine } from '../core/engine/StackEngine';
import { createLogger, type LoggerLike } from './createLogger';
import { ContainerProbeRunner } from './docker/ContainerProbeRunner';
import { DockerRunner } from './docker/DockerRunner';
import { LinuxHostInfo } from './host/LinuxHostInfo';
import { NodeProbeRunner } from './probes/NodeProbeRunner';
import { stackIdOf } from './process/processMarkers';
import { ProcessRunner } from './process/ProcessRunner';
import { JsonStateStore } from './state/JsonStateStore';
import { SystemClock } from './SystemClock';

export { loadStackFromDisk, type LoadedStack, type LoadFromDiskOptions } from './loadStackFromDisk';
export { StackEngine };

export interface CreateEngineOptions {
  /** Where messages go (a LogOutputChannel, the console...); stderr when absent. */
  output?: LoggerLike;
  /** Runtime files (state, logs); default `<config.root>/.stackpilot`. */
  runDir?: string;
  /**
   * Restricted Mode (an untrusted workspace): nothing from the stack runs. No probe is sent, no
   * process or container is started, no Docker call changes anything except stopping a container
   * labelled with this stack's id; processes are signalled only after /proc verification (always so).
   */
  restricted?: boolean;
  /** false: no readiness hints from /proc for process services (bench:startup compares with and without). Default true. */
  readinessHints?: boolean;
}

type EngineDeps = ConstructorParameters<typeof StackEngine>[1];

/** The engine wired to the Node adapters: processes, probes, a JSON state file, /proc host facts. */
export function createStackEngine(config: StackConfig, opts: CreateEngineOptions = {}): StackEngine {
  const logger = createLogger(opts.output);
  const runDir = opts.runDir ?? join(config.root, '.stackpilot');
  const store = new JsonStateStore(runDir, logger);
  const stackId = stackIdOf(config.root);
  const restricted = opts.restricted === true;
  const deps: EngineDeps = {
    // DockerRunner requires dockerode (~1.9 MB) only when a docker service is started or adopted.
    runners: {
      process: new ProcessRunner(logger, { stackId, stateFile: store.file, restricted, readinessHints: opts.readinessHints }),
      docker: new DockerRunner(config.name, logger, process.env, { stackId, restricted }),
    },
    probes: restricted ? refusingProbes : new ContainerProbeRunner(new NodeProbeRunner(config.root)),
    store,
    host: new LinuxHostInfo(),
    clock: new SystemClock(),
    logger,
    runDir,
  };
  return new StackEngine(config, { ...deps, restricted });
}
