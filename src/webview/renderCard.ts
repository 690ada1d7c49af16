import type { ServiceAction, ServiceCard } from '../shared/protocol';
import { isEnded, isFailing } from '../shared/statePredicates';
import { stateInfo } from '../shared/stateTable';
import { el, formatAge, formatBytes } from './format';

/** The card's and the graph node's colour family, from the one state table (src/shared/stateTable.ts). */
export function tone(state: string): string {
  return stateInfo(state).tone;
}

function button(label: string, action: ServiceAction, card: ServiceCard, act: (a: ServiceAction, s: string) => void): HTMLButtonElement {
  const b = el('button', { type: 'button', 'aria-label': `${label} ${card.name}` }, label);
  b.addEventListener('click', () => act(action, card.name));
  return b;
}

function memory(card: ServiceCard): string {
  if (card.memoryBytes === undefined) return '';
  const of = card.memoryLimitBytes
    ? ` (${Math.round((100 * card.memoryBytes) / card.memoryLimitBytes)}% of ${formatBytes(card.memoryLimitBytes)})`
    : '';
  return `mem ${formatBytes(card.memoryBytes)}${of}`;
}

/**
 * One service card; `data-state` drives its colour (theme variables in media/dashboard.css).
 * `spark` is the card's sparkline, an element kept across re-renders.
 */
export function renderCard(
  card: ServiceCard,
  act: (a: ServiceAction, s: string) => void,
  spark?: HTMLElement,
  selected = false,
): HTMLElement {
  // Start where nothing runs or something is wrong; Stop and Restart while it runs or is on its way.
  const stopped = isEnded(card.state) || isFailing(card.state);
  const facts = [
    card.latencyMs !== undefined ? `probe ${Math.round(card.latencyMs)} ms` : '',
    card.restarts ? `${card.restarts} restart${card.restarts === 1 ? '' : 's'}` : '',
    card.pid ? `pid ${card.pid}` : '',
    card.state !== 'stopped' && card.since ? `${card.state} for ${formatAge(Date.now() - card.since)}` : '',
    card.livenessOnly ? 'liveness only' : '',
    card.uptimePercent !== undefined ? `up ${card.uptimePercent.toFixed(card.uptimePercent === 100 ? 0 : 2)}% (1 h)` : '',
  ].filter(Boolean);
  const usage = [card.cpuPercent !== undefined ? `cpu ${card.cpuPercent.toFixed(1)}%` : '', memory(card)].filter(Boolean);
  const actions = [
    card.kind === 'external' ? undefined : stopped ? button('Start', 'start', card, act) : button('Stop', 'stop', card, act),
    card.kind !== 'external' && !stopped ? button('Restart', 'restart', card, act) : undefined,
    card.kind !== 'external' ? button('Logs', 'logs', card, act) : undefined,
    card.kind === 'process' ? button('Debug', 'debug', card, act) : undefined,
    card.openable ? button('Open', 'open', card, act) : undefined,
    button('Definition', 'definition', card, act),
  ].filter((b): b is HTMLButtonElement => b !== undefined);
  return el(
    'section',
    {
      // A healthy service whose last probe failed is shown in the warning tone until its retries are used up.
      class: `card tone-${card.probeWarning ? 'warn' : tone(card.state)}${card.degraded ? ' degraded' : ''}${selected ? ' selected' : ''}`,
      'data-service': card.name,
      'data-state': card.state,
      'aria-label': `${card.name}: ${card.state}${card.probeWarning ? ` · ${card.probeWarning}` : ''}${card.degraded ? ` · ${card.degraded}` : ''}`,
    },
    el(
      'div',
      { class: 'card-head' },
      el('span', { class: 'dot', 'aria-hidden': 'true' }),
      el('h2', {}, card.name),
      el('span', { class: 'state' }, card.state),
      ...(card.probeWarning ? [el('span', { class: 'probe-warn' }, card.probeWarning)] : []),
      el('span', { class: 'kind' }, card.kind),
    ),
    el('p', { class: 'detail' }, card.detail || '\u00a0'),
    el('p', { class: 'facts' }, facts.join(' · ') || '\u00a0'),
    el('div', { class: 'usage-row' }, el('p', { class: 'usage' }, usage.join(' · ') || '\u00a0'), ...(spark ? [spark] : [])),
    card.dependsOn.length ? el('p', { class: 'deps' }, `needs ${card.dependsOn.join(', ')}`) : el('p', { class: 'deps' }, '\u00a0'),
    el('div', { class: 'actions' }, ...actions),
  );
}
