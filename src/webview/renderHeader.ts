import type { DashboardHeader, DockerEngineState } from '../shared/protocol';
import { dockerText } from './dockerText';
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

function dockerChip(d: DockerEngineState): HTMLElement {
  const text = dockerText(d);
  return el('span', { class: `chip docker ${d.running ? 'docker-ok' : 'alerting'}`, 'data-docker': d.running ? 'running' : d.problem, title: d.running ? text : `Docker: ${d.reason}` }, text);
}
