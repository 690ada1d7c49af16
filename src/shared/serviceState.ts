/**
 * Per-service lifecycle states: the vocabulary every layer speaks (the engine sets them, the
 * webview shows them). Defined here, in the bottom layer, so that src/shared needs nothing above
 * it; src/core/engine/state.ts re-exports it with the engine's events. Pure type.
 */
export type ServiceState =
  | 'stopped'
  | 'waiting' // on dependencies (see `waitingOn`)
  | 'starting' // started, health not yet proven
  | 'running' // started, no health check declared: never shown as "healthy"
  | 'healthy'
  | 'unhealthy'
  | 'completed' // exited 0 (jobs, migrations)
  | 'exited' // exited non-zero / by signal, no restart pending
  | 'failed' // could not start, or blocked by a failed dependency (see `reason`)
  | 'crash-looping' // restart limit hit inside the crash-loop window: no more tries
  | 'stopping';
