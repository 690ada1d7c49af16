/**
 * The time-series charts: probe latency, CPU and memory, one line per service (or only the
 * selected one), over the chosen window. uPlot on canvas; the data are the monitor's samples.
 */
import uPlot from 'uplot';
import { SERIES_WINDOWS_MS, type SeriesMetric } from '../shared/protocol';
import { roundTicks, tickLabels, unitFor } from './axisTicks';
import { el, formatBytes } from './format';
import { align, countGaps, type SeriesStore } from './seriesStore';
import { chartTheme, seriesColor } from './theme';
import { sampleLabel, timeLabel, timeTicks } from './timeTicks';

type AxisKind = Parameters<typeof unitFor>[0];
/** `unit` words a single value (legend); the axis gets round ticks in its own unit (axisTicks). */
const CHARTS: { metric: SeriesMetric; title: string; axis: AxisKind; unit: (v: number) => string }[] = [
  { metric: 'latency', title: 'Probe latency', axis: 'ms', unit: (v) => `${v.toFixed(v < 10 ? 1 : 0)} ms` },
  { metric: 'cpu', title: 'CPU (% of a core)', axis: 'percent', unit: (v) => `${v.toFixed(v < 10 ? 1 : 0)} %` },
  { metric: 'memory', title: 'Memory (RSS)', axis: 'bytes', unit: formatBytes },
];
const HEIGHT = 170;

/** Local time minus UTC at `t`, ms (the time axis labels local clock times). */
const localOffset = (t: number) => -new Date(t).getTimezoneOffset() * 60_000;

/** The width of `text` in `font`, CSS px, measured once per (font, text). */
const widths = new Map<string, number>();
function textWidth(font: string, text: string): number {
  const key = `${font}|${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    const ctx = document.createElement('canvas').getContext('2d');
    if (ctx) ctx.font = font;
    // Without a canvas context: a generous 0.7 em per character of an 11 px font.
    w = ctx ? Math.ceil(ctx.measureText(text).width) : text.length * 8;
    widths.set(key, w);
  }
  return w;
}

function windowLabel(ms: number): string {
  return ms >= 3_600_000 ? `${ms / 3_600_000} h` : `${ms / 60_000} min`;
}

export class Charts {
  private readonly plots = new Map<SeriesMetric, uPlot>();
  private readonly boxes = new Map<SeriesMetric, HTMLElement>();
  private readonly picker: HTMLElement;
  private readonly scopeEl: HTMLElement;
  private key = '';

  constructor(
    root: HTMLElement,
    private readonly onWindow: (ms: number) => void,
    private readonly onClearSelection: () => void,
  ) {
    this.picker = el('div', { class: 'window-picker', role: 'radiogroup', 'aria-label': 'Chart window' });
    this.scopeEl = el('span', { class: 'scope' });
    const grid = el('div', { class: 'charts' });
    for (const c of CHARTS) {
      const box = el('div', { class: 'chart', 'data-metric': c.metric, role: 'img', 'aria-label': `${c.title} chart` });
      this.boxes.set(c.metric, box);
      grid.append(el('figure', { class: 'chart-card' }, el('figcaption', {}, c.title), box));
    }
    root.replaceChildren(el('div', { class: 'section-head' }, el('h2', {}, 'Metrics'), this.scopeEl, this.picker), grid);
    new ResizeObserver(() => this.resize()).observe(grid);
  }

  /** Redraws every chart; rebuilds them when the set of lines changed (or `force`, for a theme change). */
  draw(store: SeriesStore, services: readonly string[], selected: string | undefined, force = false): void {
    this.drawPicker(store.windowMs);
    const shown = selected && services.includes(selected) ? [selected] : [...services];
    const scope = `${selected ? `${selected} only` : `${shown.length} services`} · measured every second, ${windowLabel(store.windowMs)} window`;
    // Rewritten only when it changes: a focused "Show all" button keeps its focus.
    if (this.scopeEl.dataset.text !== scope) {
      this.scopeEl.dataset.text = scope;
      this.scopeEl.replaceChildren(scope, ...(selected ? [' ', this.clearButton()] : []));
    }
    const until = store.until;
    // A run younger than the window is drawn from its first sample, not squeezed against the right edge.
    const first = Math.min(...shown.flatMap((s) => CHARTS.map((c) => store.get(s, c.metric)?.t[0] ?? Number.POSITIVE_INFINITY)));
    const from = Math.max(until - store.windowMs, Number.isFinite(first) ? first - store.stepMs : 0);
    const key = `${shown.join(',')}|${store.windowMs}`;
    for (const c of CHARTS) {
      const data = align(
        shown.map((s) => store.get(s, c.metric)),
        from,
        until,
        store.stepMs,
      );
      const box = this.boxes.get(c.metric)!;
      box.classList.toggle('no-data', !store.has(c.metric, shown));
      const gaps = countGaps(data);
      if (box.dataset.gaps !== String(gaps)) {
        box.dataset.gaps = String(gaps);
        box.setAttribute(
          'aria-label',
          `${c.title} chart${gaps ? `, ${gaps} gap${gaps === 1 ? '' : 's'} where a service was not running` : ''}`,
        );
      }
      const plot = this.plots.get(c.metric);
      if (plot && key === this.key && !force) {
        plot.setData(data);
        continue;
      }
      plot?.destroy();
      this.plots.set(c.metric, this.create(box, c.unit, c.axis, shown, data));
    }
    this.key = key;
  }

  private create(box: HTMLElement, unit: (v: number) => string, kind: AxisKind, names: readonly string[], data: uPlot.AlignedData): uPlot {
    const t = chartTheme();
    const axis = { stroke: t.axis, font: t.font, grid: { stroke: t.grid, width: 1 }, ticks: { stroke: t.grid, width: 1 } };
    let stepShown = 60_000;
    return new uPlot(
      {
        width: Math.max(200, box.clientWidth),
        height: HEIGHT,
        ms: 1,
        legend: { show: names.length <= 8, live: true },
        cursor: { drag: { x: false, y: false } },
        // Nothing measured yet: an empty axis in the unit the chart will use (an empty memory chart read `0 B / 1 B`).
        scales: {
          x: { time: true },
          y: { range: (_u, min, max) => [Math.min(0, min ?? 0), max ? max * 1.15 : kind === 'bytes' ? 1024 ** 2 : 1] },
        },
        axes: [
          {
            ...axis,
            // Ticks at least a label apart at this width, one format for the axis (timeTicks.ts):
            // uPlot's own put a date on one tick and crowded narrow charts (`12/5/26 5:07pm5:08pm`).
            splits: (u, _i, min, max) => {
              const x = timeTicks(min, max, u.bbox.width / uPlot.pxRatio, (step) => textWidth(t.font, sampleLabel(step)), localOffset(min));
              stepShown = x.stepMs;
              return x.ticks;
            },
            values: (_u, vals) => {
              const labels = vals.map((v) => timeLabel(v, stepShown, localOffset(v)));
              if (box.dataset.xLabels !== labels.join(' ')) box.dataset.xLabels = labels.join(' ');
              return labels;
            },
          },
          {
            ...axis,
            size: 62,
            // Round in the unit shown (10 / 20 MB, not 19.1 / 38.1 MB), one precision per axis.
            splits: (_u, _i, min, max) => roundTicks(min, max, unitFor(kind, max)),
            values: (u, vals) => tickLabels(vals, unitFor(kind, u.scales.y?.max ?? Math.max(0, ...vals))),
          },
        ],
        series: [
          {},
          ...names.map((n, i) => ({
            label: n,
            stroke: seriesColor(i),
            width: 1.5,
            spanGaps: false,
            points: { show: false },
            value: (_u: uPlot, v: number | null) => (v == null ? '—' : unit(v)),
          })),
        ],
      },
      data,
      box,
    );
  }

  private drawPicker(current: number): void {
    if (this.picker.dataset.current === String(current)) return;
    this.picker.dataset.current = String(current);
    this.picker.replaceChildren(
      ...SERIES_WINDOWS_MS.map((ms) => {
        const b = el(
          'button',
          {
            type: 'button',
            role: 'radio',
            'aria-checked': String(ms === current),
            'aria-label': `Show the last ${windowLabel(ms)}`,
            class: ms === current ? 'on' : '',
          },
          windowLabel(ms),
        );
        b.addEventListener('click', () => this.onWindow(ms));
        return b;
      }),
    );
  }

  private clearButton(): HTMLButtonElement {
    const b = el('button', { type: 'button', 'aria-label': 'Show every service in the charts' }, 'Show all');
    b.addEventListener('click', () => this.onClearSelection());
    return b;
  }

  private resize(): void {
    for (const [metric, plot] of this.plots) plot.setSize({ width: Math.max(200, this.boxes.get(metric)!.clientWidth), height: HEIGHT });
  }
}
