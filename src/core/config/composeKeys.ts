/** Top-level keys of a compose file (Compose Specification; `version` is obsolete but accepted). */
export const COMPOSE_TOP_KEYS = ['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const;

/** Service keys of the Compose Specification (docker compose v2). */
export const COMPOSE_SERVICE_KEYS = [
  'annotations', 'attach', 'blkio_config', 'build', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'command', 'configs',
  'container_name', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares',
  'cpus', 'cpuset', 'credential_spec', 'depends_on', 'deploy', 'develop', 'device_cgroup_rules', 'devices', 'dns', 'dns_opt',
  'dns_search', 'domainname', 'entrypoint', 'env_file', 'environment', 'expose', 'extends', 'external_links', 'extra_hosts',
  'gpus', 'group_add', 'healthcheck', 'hostname', 'image', 'init', 'ipc', 'isolation', 'label_file', 'labels', 'links',
  'logging', 'mac_address', 'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models', 'network_mode',
  'networks', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports', 'post_start', 'pre_stop',
  'privileged', 'profiles', 'provider', 'pull_policy', 'read_only', 'restart', 'runtime', 'scale', 'secrets', 'security_opt',
  'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt', 'sysctls', 'tmpfs', 'tty', 'ulimits',
  'use_api_socket', 'user', 'userns_mode', 'uts', 'volumes', 'volumes_from', 'working_dir',
] as const;

/** Keys the loader maps into the model; every other valid key is passed through in `extensions.compose`. */
export const COMPOSE_MAPPED_KEYS = [
  'build', 'command', 'container_name', 'cpus', 'depends_on', 'deploy', 'develop', 'entrypoint', 'env_file', 'environment', 'healthcheck',
  'image', 'labels', 'mem_limit', 'mem_reservation', 'network_mode', 'networks', 'ports', 'secrets', 'configs', 'profiles', 'restart', 'stop_grace_period', 'volumes',
] as const;

/** Keys of a service's `build:` map (Compose Specification). */
export const COMPOSE_BUILD_KEYS = [
  'context', 'dockerfile', 'dockerfile_inline', 'args', 'ssh', 'cache_from', 'cache_to', 'additional_contexts', 'entitlements',
  'extra_hosts', 'isolation', 'privileged', 'labels', 'no_cache', 'pull', 'network', 'shm_size', 'target', 'secrets', 'tags',
  'ulimits', 'platforms',
] as const;

/** The `build:` keys the docker runner honours; the others are reported and ignored. */
export const COMPOSE_BUILD_SUPPORTED_KEYS = ['context', 'dockerfile'] as const;

export const COMPOSE_HEALTHCHECK_KEYS = ['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable'] as const;

export const COMPOSE_DEPENDS_ON_KEYS = ['condition', 'required', 'restart'] as const;

export const COMPOSE_CONDITIONS = { service_started: 'started', service_healthy: 'healthy', service_completed_successfully: 'completed' } as const;
