import type { AlertCard, IncidentCard } from '../shared/protocol';
import { clockTime, el, formatAge, formatMs } from './format';

export type AlertAct = (action: 'acknowledge' | 'silence', key: string) => void;
/** Go to the service's definition in the stack file. */
export type GoToDefinition = (service: string) => void;

/**
 * The alerts list (firing, pending, with acknowledge, silence and the service's definition), then
 * the incidents of this run: alerts that fired and resolved, newest first.
 */
export function renderAlerts(
  alerts: readonly AlertCard[],
  incidents: readonly IncidentCard[],
  act: AlertAct,
  definition: GoToDefinition,
  now: number,
): Node[] {
  const list = !alerts.length
    ? [el('p', { class: 'empty' }, 'No alerts. Every rule is quiet.')]
    : [
        el(
          'ul',
          { class: 'alerts' },
          ...alerts.map((a) => {
            const buttons: HTMLButtonElement[] = [];
            if (a.state === 'firing' && !a.acknowledged) buttons.push(button('Acknowledge', () => act('acknowledge', a.key), a.key));
            if (a.state === 'firing' && !a.silenced) buttons.push(button('Silence 1 h', () => act('silence', a.key), a.key));
            if (a.service) buttons.push(definitionButton(a.service, a.key, definition));
            const notes = [
              a.acknowledged ? 'acknowledged' : '',
              a.silenced ? `silenced${a.silencedUntil !== undefined ? ` until ${clockTime(a.silencedUntil)}` : ''}` : '',
              a.heldBackBy.length ? `held back: ${a.heldBackBy.join(', ')} is the root cause` : '',
            ].filter(Boolean);
            return el(
              'li',
              { class: `alert sev-${a.severity} st-${a.state}`, 'data-alert': a.key, 'data-acknowledged': String(a.acknowledged) },
              el('span', { class: 'sev' }, a.severity),
              el('span', { class: 'what' }, `${a.service ? `${a.service}: ` : ''}${a.summary}`),
              el('span', { class: 'when' }, `${a.state} ${formatAge(now - a.since)}${notes.length ? ` · ${notes.join(' · ')}` : ''}`),
              el('span', { class: 'actions' }, ...buttons),
            );
          }),
        ),
      ];
  return [el('h2', {}, 'Alerts'), ...list, ...renderIncidents(incidents, definition, now)];
}

function renderIncidents(incidents: readonly IncidentCard[], definition: GoToDefinition, now: number): Node[] {
  if (!incidents.length) return [];
  return [
    el('h3', { id: 'incidents-head' }, `Incidents of this run (${incidents.length})`),
    el(
      'ul',
      { class: 'alerts incidents', 'aria-labelledby': 'incidents-head' },
      ...incidents.map((i) =>
        el(
          'li',
          { class: `alert incident sev-${i.severity}`, 'data-incident': i.key, 'data-fired-at': String(i.firedAt) },
          el('span', { class: 'sev' }, i.severity),
          el('span', { class: 'what' }, `${i.service ? `${i.service}: ` : ''}${i.summary}`, el('span', { class: 'rule' }, ` ${i.ruleId}`)),
          el(
            'time',
            { class: 'when', datetime: new Date(i.firedAt).toISOString(), title: new Date(i.firedAt).toLocaleString() },
            `fired ${formatAge(now - i.firedAt)} ago (${clockTime(i.firedAt)}) · lasted ${lasted(i.resolvedAt - i.firedAt)}`,
          ),
          el('span', { class: 'actions' }, ...(i.service ? [definitionButton(i.service, `${i.key} incident`, definition)] : [])),
        ),
      ),
    ),
  ];
}

/** "850 ms", "12.5 s" under a minute; "4 min", "1 h 02 min" beyond. */
function lasted(ms: number): string {
  return ms < 60_000 ? formatMs(ms) : formatAge(ms);
}

function definitionButton(service: string, label: string, definition: GoToDefinition): HTMLButtonElement {
  return button('Definition', () => definition(service), label, `Go to the definition of ${service} (${label})`);
}

function button(label: string, onClick: () => void, key: string, aria = `${label} ${key}`): HTMLButtonElement {
  const b = el('button', { type: 'button', 'aria-label': aria }, label);
  b.addEventListener('click', onClick);
  return b;
}
