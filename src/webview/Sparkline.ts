import uPlot from 'uplot';
import type { SeriesData } from '../shared/protocol';
import { el } from './format';
import { align } from './seriesStore';
import { cssVar, withAlpha } from './theme';

const WIDTH = 120;
const HEIGHT = 28;
/** The last minutes a card's sparkline shows. */
export const SPARK_WINDOW_MS = 5 * 60_000;

/** A card's sparkline: one uPlot without axes, kept across card re-renders (the card adopts `el`). */
export class Sparkline {
  readonly el: HTMLElement;
  private plot: uPlot | undefined;
  private label = '';
  private toneVar = '--vscode-charts-blue';
  /** The last rows drawn, kept here: a rebuild (theme change) redraws them, not whatever a destroyed plot held. */
  private rows: uPlot.AlignedData = [[], []];

  constructor(readonly service: string) {
    this.el = el('div', { class: 'spark', role: 'img' });
  }

  update(data: SeriesData | undefined, label: string, until: number, toneVar: string): void {
    const rows = align([data], Math.max(until - SPARK_WINDOW_MS, (data?.t[0] ?? 0) - 2000), until, 2000);
    const last = data?.v[data.v.length - 1];
    this.rows = rows;
    if (label !== this.label || toneVar !== this.toneVar || !this.plot) {
      this.label = label;
      this.toneVar = toneVar;
      this.rebuild(rows);
    } else {
      this.plot.setData(rows);
    }
    this.el.setAttribute(
      'aria-label',
      `${this.service} ${label}, last 5 minutes${last !== undefined ? `, now ${last.toFixed(1)}` : ', no samples yet'}`,
    );
    this.el.title = `${label}, last 5 minutes`;
  }

  /** Colours come from the theme: rebuilt on a theme change. */
  rebuild(rows?: uPlot.AlignedData): void {
    const data = rows ?? this.rows;
    this.plot?.destroy();
    const stroke = cssVar(this.toneVar, '#3794ff');
    this.plot = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        ms: 1,
        pxAlign: false,
        cursor: { show: false },
        legend: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
        axes: [{ show: false }, { show: false }],
        series: [{}, { stroke, width: 1.5, fill: withAlpha(stroke, 0.18), spanGaps: false, points: { show: false } }],
      },
      data as uPlot.AlignedData,
      this.el,
    );
  }

  destroy(): void {
    this.plot?.destroy();
  }
}
