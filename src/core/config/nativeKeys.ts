/** Top-level keys of stackpilot.yaml. `alerts` / `monitoring` / `x-*` are kept in `extensions`. */
export const NATIVE_TOP_KEYS = ['name', 'compose', 'profiles', 'defaultProfile', 'services', 'alerts', 'monitoring'] as const;

/** Top-level keys the engine does not interpret: kept as written in `StackConfig.extensions`. */
export const NATIVE_TOP_EXTENSION_KEYS = ['alerts', 'monitoring'] as const;

/** Keys of a service in stackpilot.yaml (all kinds; which apply depends on the kind). */
export const NATIVE_SERVICE_KEYS = [
  // what to run, and the kind it implies
  'command',
  'argv',
  'shell',
  'cwd',
  'image',
  'external',
  // environment
  'env',
  'envFile',
  'envFrom',
  // lifecycle
  'dependsOn',
  'health',
  'restart',
  'stopGracePeriod',
  'profiles',
  'restartWith',
  // process-only: restart on file changes
  'watch',
  // resources and network
  'ports',
  'memory',
  // docker-only
  'entrypoint',
  'volumes',
  'networkMode',
  'labels',
  'containerName',
  'cpus',
  'memLimit',
  // not interpreted by the engine, kept in `extensions`
  'alerts',
] as const;

export const NATIVE_DOCKER_ONLY_KEYS = ['entrypoint', 'volumes', 'networkMode', 'labels', 'containerName', 'cpus', 'memLimit'] as const;
export const NATIVE_PROCESS_ONLY_KEYS = ['argv', 'shell', 'cwd', 'envFile', 'envFrom', 'watch'] as const;

/** Compose-only discovery order, as docker compose v2 looks for files in a folder. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;
export const COMPOSE_OVERRIDE_NAMES = [
  'compose.override.yaml',
  'compose.override.yml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
] as const;
