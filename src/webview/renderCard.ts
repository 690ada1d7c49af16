import type { ServiceAction, ServiceCard } from '../shared/protocol';
import { stateInfo } from '../shared/stateTable';
import { cardActions, showsLivenessOnly, stateAgeText, tickText, uptimeText } from './cardText';
import { clipAtWord, keepUnitsWhole } from './cardValueText';
import { el, formatBytes } from './format';

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
const LABELS: Record<ServiceAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  logs: 'Logs',
  debug: 'Debug',
  open: 'Open',
  definition: 'Definition',
};

/** A fact that changes with time alone (`healthy for 12 s`): main.ts rewrites its text every second (tickCards). */
function ticking(kind: 'age' | 'uptime', text: string): HTMLElement | string {
  return text ? el('span', { 'data-tick': kind }, keepUnitsWhole(text)) : '';
}

/** Rewrites every ticking fact of the cards under `root` as of `now`: only those text nodes, no re-render. */
export function tickCards(root: HTMLElement, cards: readonly ServiceCard[], now: number): void {
  const byName = new Map(cards.map((c) => [c.name, c]));
  for (const span of root.querySelectorAll<HTMLElement>('[data-tick]')) {
    const card = byName.get(span.closest<HTMLElement>('.card')?.dataset.service ?? '');
    const raw = card && tickText(span.dataset.tick, card, now);
    const text = raw === undefined ? undefined : keepUnitsWhole(raw);
    if (text !== undefined && text !== span.textContent) span.textContent = text;
  }
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
  now = Date.now(),
): HTMLElement {
  // Every value wraps between words, never between a number and its unit, and is never cut (media/dashboard.css).
  const facts: (HTMLElement | string)[] = [
    card.latencyMs !== undefined ? keepUnitsWhole(`probe ${Math.round(card.latencyMs)} ms`) : '',
    card.restarts ? `${card.restarts} restart${card.restarts === 1 ? '' : 's'}` : '',
    card.pid ? `pid\u00a0${card.pid}` : '',
    ticking('age', stateAgeText(card, now)),
    showsLivenessOnly(card) ? 'liveness only' : '',
    ticking('uptime', uptimeText(card, now)),
  ].filter(Boolean);
  const usage = [card.cpuPercent !== undefined ? `cpu ${card.cpuPercent.toFixed(1)}%` : '', memory(card)]
    .filter(Boolean)
    .map(keepUnitsWhole);
  const detail = clipAtWord(card.detail);
  const actions = cardActions(card).map((a) => button(LABELS[a], a, card, act));
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
      ...(card.probeWarning ? [el('span', { class: 'probe-warn' }, keepUnitsWhole(card.probeWarning))] : []),
      el('span', { class: 'kind' }, card.kind),
    ),
    // A detail too long for a card is cut at a word boundary; its title has it whole.
    el('p', { class: 'detail', ...(card.detail ? { title: card.detail } : {}) }, keepUnitsWhole(detail) || '\u00a0'),
    el('p', { class: 'facts' }, ...(facts.length ? facts.flatMap((f, i) => (i ? [' · ', f] : [f])) : ['\u00a0'])),
    el('div', { class: 'usage-row' }, el('p', { class: 'usage' }, usage.join(' · ') || '\u00a0'), ...(spark ? [spark] : [])),
    card.dependsOn.length ? el('p', { class: 'deps' }, `needs ${card.dependsOn.join(', ')}`) : el('p', { class: 'deps' }, '\u00a0'),
    el('div', { class: 'actions' }, ...actions),
  );
}
