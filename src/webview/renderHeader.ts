import type { DashboardHeader, DockerEngineState } from '../shared/protocol';
import { alertLevel, alertsText, noAlerts, type AlertCounts } from '../shared/alertCounts';
import { dockerText } from './dockerText';
import { el, formatAge } from './format';

export function renderHeader(h: DashboardHeader, now: number): Node[] {
  const health = h.health ?? (h.total === 0 ? 'idle' : h.up === h.total ? 'ok' : 'bad');
  return [
    el('h1', {}, h.stack),
    el('span', { class: 'chip' }, `profile ${h.profile ?? 'default'}`),
    el('span', { class: `chip health-${health}`, 'aria-label': `${h.up} of ${h.total} services up` }, `${h.up}/${h.total} up`),
    alertsChip(h.alerts ?? { ...noAlerts, warning: h.firingAlerts }),
    el('span', { class: 'chip' }, h.runningSince ? `running ${formatAge(now - h.runningSince)}` : 'not running'),
    ...(h.docker ? [dockerChip(h.docker)] : []),
    ...(h.trusted ? [] : [el('span', { class: 'chip alerting' }, 'untrusted: nothing starts')]),
    ...(h.stale
      ? [el('span', { class: 'chip alerting stale', role: 'status', title: h.stale }, h.stale)]
      : h.supervisedBy
        ? [el('span', { class: 'chip supervised-by' }, `supervised by ${h.supervisedBy}`)]
        : []),
  ];
}

/** Coloured by the worst unacknowledged severity: red only for a critical one, a warning's colour for warnings, calm when all were acknowledged. */
function alertsChip(c: AlertCounts): HTMLElement {
  const level = alertLevel(c);
  const text = alertsText(c) || '0 alerts';
  return el(
    'span',
    {
      class: `chip alerts-chip level-${level}`,
      'data-level': level,
      'aria-label': `${text}${level === 'none' || level === 'acknowledged' ? '' : `, worst ${level}`}`,
    },
    text,
  );
}

function dockerChip(d: DockerEngineState): HTMLElement {
  const text = dockerText(d);
  return el(
    'span',
    {
      class: `chip docker ${d.running ? 'docker-ok' : 'alerting'}`,
      'data-docker': d.running ? 'running' : d.problem,
      title: d.running ? text : `Docker: ${d.reason}`,
    },
    text,
  );
}
