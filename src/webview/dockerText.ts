import type { DockerEngineState } from '../shared/protocol';

const problemWords: Record<string, string> = {
  'not-running': 'not running',
  'not-installed': 'not installed',
  'permission-denied': 'permission denied',
  unreachable: 'unreachable',
  'bad-config': 'misconfigured',
  'no-answer': 'no answer',
};

/** "Docker: running 20.10.24", or "Docker: not running — <the engine's reason>" (whole reason in the tooltip). */
export function dockerText(d: DockerEngineState): string {
  if (d.running) return `Docker: running ${d.version}`;
  // describeDaemonError's reasons open with what the chip already says.
  const reason = d.reason.replace(/^(the Docker daemon is not running|Docker is not installed):\s*/i, '');
  return `Docker: ${problemWords[d.problem] ?? d.problem} — ${reason}`;
}
