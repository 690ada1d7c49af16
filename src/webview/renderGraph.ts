/**
 * The dependency graph as SVG, laid out by dagre (graphLayout.ts): nodes coloured by state,
 * edges from a dependency down to what needs it. A node is a button: click, Enter or Space
 * selects the service (its card and the charts follow).
 */
import type { ServiceCard } from '../shared/protocol';
import { el, svg } from './format';
import type { GraphLayout } from './graphLayout';
import { tone } from './renderCard';

export function renderGraph(
  layout: GraphLayout,
  cards: readonly ServiceCard[],
  selected: string | undefined,
  critical: readonly string[],
  select: (service: string) => void,
): Node[] {
  const head = el('div', { class: 'section-head' }, el('h2', {}, 'Dependencies'));
  if (!layout.nodes.length) return [head, el('p', { class: 'empty' }, 'No services.')];
  const byName = new Map(cards.map((c) => [c.name, c]));
  const onPath = new Set(critical);
  const arrow = svg(
    'marker',
    { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'g-arrow' }),
  );
  const edges = layout.edges.map((e) => {
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    const crit = onPath.has(e.from) && onPath.has(e.to) && critical.indexOf(e.to) === critical.indexOf(e.from) + 1;
    return svg('path', { d, class: `edge${crit ? ' critical' : ''}`, 'marker-end': 'url(#arrow)' });
  });
  const nodes = layout.nodes.map((n) => {
    const card = byName.get(n.name);
    const state = card?.state ?? 'stopped';
    const g = svg(
      'g',
      {
        class: `node tone-${tone(state)}${n.name === selected ? ' selected' : ''}`,
        transform: `translate(${(n.x - n.width / 2).toFixed(1)} ${(n.y - n.height / 2).toFixed(1)})`,
        tabindex: 0,
        role: 'button',
        'aria-label': `${n.name}: ${state}. Select`,
        'aria-pressed': String(n.name === selected),
        'data-node': n.name,
        'data-state': state,
      },
      svg('title', {}, `${n.name}: ${state}${card?.detail ? ` — ${card.detail}` : ''}`),
      svg('rect', { width: n.width, height: n.height, rx: 4 }),
      svg('circle', { cx: 12, cy: n.height / 2, r: 4, class: 'node-dot' }),
      svg('text', { x: 22, y: n.height / 2, 'dominant-baseline': 'central' }, n.name),
    );
    g.addEventListener('click', () => select(n.name));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select(n.name);
      }
    });
    return g;
  });
  const w = Math.ceil(layout.width);
  const h = Math.ceil(layout.height);
  return [
    head,
    svg(
      'svg',
      { class: 'graph', viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'group', 'aria-label': 'Dependency graph' },
      svg('defs', {}, arrow),
      ...edges,
      ...nodes,
    ),
  ];
}
