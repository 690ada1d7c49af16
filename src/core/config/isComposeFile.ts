/**
 * Whether `--file` names a compose file rather than a stackpilot.yaml. By name first: compose.yaml,
 * docker-compose.yml, docker-compose.override.yml, compose.prod.yaml, app.compose.yml... Otherwise
 * by its keys: compose-only top-level keys (`networks`, `volumes`, `version`, ...) or more
 * compose spellings (`depends_on`, `healthcheck`) than native ones (`dependsOn`, `health`).
 */
export function isComposeFile(file: string, text: string | undefined): boolean {
  const base = file.split(/[\\/]/).pop() ?? '';
  if (/\.ya?ml$/i.test(base) && /(^|[._-])(docker[._-])?compose([._-]|$)/i.test(base.replace(/\.ya?ml$/i, ''))) return true;
  if (/^stackpilot\.ya?ml$/i.test(base) || text === undefined) return false;
  const top = new Set([...text.matchAll(/^([A-Za-z_][\w-]*)\s*:/gm)].map((m) => m[1]));
  if (['compose', 'profiles', 'defaultProfile', 'alerts', 'monitoring'].some((k) => top.has(k))) return false;
  if (['version', 'networks', 'volumes', 'secrets', 'configs', 'include'].some((k) => top.has(k))) return true;
  // Block (`  depends_on:`) and flow (`{ depends_on: [...] }`) style alike.
  const count = (keys: string[]) => [...text.matchAll(/(?:^\s+|[{,]\s*)([A-Za-z_]+)\s*:/gm)].filter((m) => keys.includes(m[1])).length;
  const compose = count([
    'depends_on',
    'healthcheck',
    'env_file',
    'container_name',
    'network_mode',
    'stop_grace_period',
    'extends',
    'environment',
    'build',
  ]);
  const native = count([
    'dependsOn',
    'health',
    'envFile',
    'containerName',
    'networkMode',
    'stopGracePeriod',
    'env',
    'argv',
    'cwd',
    'envFrom',
    'shell',
  ]);
  return compose > native;
}
