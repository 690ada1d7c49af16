/** The text of a new `stackpilot.yaml`: a starter, or one over the compose files already there. Pure. */
import type { ServiceSpec } from '../config/model';

/** A YAML scalar: plain when that reads back as the same string, else double-quoted (JSON is valid YAML). */
function scalar(text: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(text) && !/^(true|false|null|yes|no|on|off|~)$/i.test(text) && !/^[0-9.]+$/.test(text)
    ? text
    : JSON.stringify(text);
}

export function starterStackFile(name: string): string {
  return `# Stackpilot stack file: https://github.com/stackpilot/stackpilot#the-stack-file
name: ${scalar(name)}
defaultProfile: development
profiles:
  development: ["*"]
services:
  web:
    command: npm run dev
    ports: [3000]
    health: { http: "http://127.0.0.1:3000/", interval: 5s }
`;
}

export interface ComposeImport {
  /** The stack's name: the compose project name, so containers keep their labels and are adopted, not duplicated. */
  name: string;
  /** Compose files (override included) relative to the stack file's folder, in the order compose reads them. */
  composeFiles: string[];
  /** The services the compose files define, when they loaded (to suggest health checks). */
  services: ServiceSpec[];
}

/**
 * A stack file that imports the compose files rather than copying them: compose stays the source of
 * truth for the containers, and what is written under `services:` is layered over the compose
 * service of the same name. Services with a published port and no healthcheck get a suggested
 * (commented) TCP probe, since health-gated start needs one.
 */
export function stackFileFromCompose(c: ComposeImport): string {
  const files = c.composeFiles.map(scalar).join(', ');
  const lines = [
    `# Stackpilot stack file for ${c.name}, over ${c.composeFiles.join(' and ')}.`,
    '# The compose files stay the source of truth; settings under `services:` are layered over the',
    '# compose service of the same name. Reference: https://github.com/stackpilot/stackpilot#the-stack-file',
    `name: ${scalar(c.name)}`,
    `compose: [${files}]`,
    'profiles:',
    '  all: ["*"]',
    '# defaultProfile: all    # what Start Stack starts; without it, what `docker compose up` starts',
    'services:',
  ];
  const suggestions = c.services.filter((s) => !s.health && s.ports.some((p) => p.protocol === 'tcp'));
  for (const s of suggestions) {
    const port = s.ports.find((p) => p.protocol === 'tcp')!;
    const host = port.host === '0.0.0.0' || port.host === '::' || port.host === '' ? '127.0.0.1' : port.host;
    lines.push(
      `  # ${scalar(s.name)}:`,
      `  #   health: { tcp: "${host.includes(':') ? `[${host}]` : host}:${port.port}" }   # no healthcheck in compose: ready once the port answers`,
    );
  }
  if (!suggestions.length) {
    const first = c.services[0]?.name ?? 'db';
    lines.push(`  # ${scalar(first)}:`, '  #   restart: { policy: on-failure, maxRetries: 5 }');
  }
  return `${lines.join('\n')}\n`;
}
