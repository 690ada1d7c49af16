import type { DashboardHeader, DockerEngineState } from '../shared/protocol';
import { el, formatAge } from './format';

export function renderHeader(h: DashboardHeader, now: number): Node[] {
  const health = h.total === 0 ? 'idle' : h.up === h.total ? 'ok' : 'bad';
  return [
    el('h1', {}, h.stack),
    el('span', { class: 'chip' }, `profile ${h.profile ?? 'default'}`),
    el('span', { class: `chip health-${health}`, 'aria-label': `${h.up} of ${h.total} services up` }, `${h.up}/${h.total} up`),
    el('span', { class: `chip ${h.firingAlerts ? 'alerting' : ''}` }, `${h.firingAlerts} alert${h.firingAlerts === 1 ? '' : 's'}`),
    el('span', { class: 'chip' }, h.runningSince ? `running ${formatAge(now - h.runningSince)}` : 'not running'),
    ...(h.docker ? [dockerChip(h.docker)] : []),
    ...(h.trusted ? [] : [el('span', { class: 'chip alerting' }, 'untrusted: nothing starts')]),
  ];
}

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
  return d.running ? `Docker: running ${d.version}` : `Docker: ${problemWords[d.problem] ?? d.problem} — ${d.reason}`;
}

function dockerChip(d: DockerEngineState): HTMLElement {
  const text = dockerText(d);
  return el('span', { class: `chip docker ${d.running ? 'docker-ok' : 'alerting'}`, 'data-docker': d.running ? 'running' : d.problem, title: text }, text);
}
