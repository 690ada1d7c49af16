/** Ownership labels on every container (and named volume) Stackpilot creates. */
export const LABEL = {
  project: 'dev.stackpilot.project',
  service: 'dev.stackpilot.service',
  configHash: 'dev.stackpilot.config-hash',
  /** The stack's id (a hash of its folder's real path): what Restricted Mode may stop. Not part of the config hash. */
  stack: 'dev.stackpilot.stack',
  /** On networks: the key under top-level `networks:` it was created for. */
  network: 'dev.stackpilot.network',
  composeProject: 'com.docker.compose.project',
  composeService: 'com.docker.compose.service',
} as const;

/** Docker names allow [a-zA-Z0-9][a-zA-Z0-9_.-]: anything else becomes `-`. */
export function dockerName(...parts: string[]): string {
  return (
    parts
      .join('-')
      .replace(/[^a-zA-Z0-9_.-]/g, '-')
      .replace(/^[^a-zA-Z0-9]+/, '') || 'stackpilot'
  );
}

/** Named volumes are project-scoped as compose scopes them: `<project>_<name>`. */
export function volumeName(project: string, name: string): string {
  return `${dockerName(project)}_${name}`;
}
