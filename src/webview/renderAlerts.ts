import type { AlertCard } from '../shared/protocol';
import { el, formatAge } from './format';

export type AlertAct = (action: 'acknowledge' | 'silence', key: string) => void;

/** The alerts list: firing, pending and recently resolved, with acknowledge and silence. */
export function renderAlerts(alerts: readonly AlertCard[], act: AlertAct, now: number): Node[] {
  if (!alerts.length) return [el('h2', {}, 'Alerts'), el('p', { class: 'empty' }, 'No alerts. Every rule is quiet.')];
  return [
    el('h2', {}, 'Alerts'),
    el('ul', { class: 'alerts' }, ...alerts.map((a) => {
      const buttons: HTMLButtonElement[] = [];
      if (a.state === 'firing' && !a.acknowledged) buttons.push(button('Acknowledge', () => act('acknowledge', a.key), a.key));
      if (a.state === 'firing' && !a.silenced) buttons.push(button('Silence 1 h', () => act('silence', a.key), a.key));
      const notes = [a.acknowledged ? 'acknowledged' : '', a.silenced ? 'silenced' : '', a.heldBackBy.length ? `held back: ${a.heldBackBy.join(', ')} is the root cause` : ''].filter(Boolean);
      return el(
        'li',
        { class: `alert sev-${a.severity} st-${a.state}`, 'data-alert': a.key, 'data-acknowledged': String(a.acknowledged) },
        el('span', { class: 'sev' }, a.severity),
        el('span', { class: 'what' }, `${a.service ? `${a.service}: ` : ''}${a.summary}`),
        el('span', { class: 'when' }, `${a.state} ${formatAge(now - a.since)}${notes.length ? ` · ${notes.join(' · ')}` : ''}`),
        el('span', { class: 'actions' }, ...buttons),
      );
    })),
  ];
}

function button(label: string, onClick: () => void, key: string): HTMLButtonElement {
  const b = el('button', { type: 'button', 'aria-label': `${label} ${key}` }, label);
  b.addEventListener('click', onClick);
  return b;
}
