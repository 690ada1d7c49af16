/**
 * The start-up Gantt: per service, waiting on dependencies, then starting, then ready; the
 * critical path highlighted; this start's time against earlier ones. Bars are positioned through
 * the CSSOM (element.style), which the CSP allows (no inline style attributes).
 */
import type { ChangeRestart, StartTimeline, TimelineRow } from '../shared/protocol';
import { changeRestartText, restartsByService } from './changeRestartText';
import { roundTicks, tickLabels, unitFor } from './axisTicks';
import { clockTime, el, formatMs } from './format';

function median(xs: readonly number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function bar(cls: string, from: number, to: number, t0: number, span: number, label: string): HTMLElement {
  const b = el('span', { class: `g-bar ${cls}`, title: label });
  b.style.left = `${(100 * (from - t0)) / span}%`;
  b.style.width = `${Math.max(0.4, (100 * (to - from)) / span)}%`;
  return b;
}

function describe(r: TimelineRow, t0: number, now: number): string {
  const parts: string[] = [];
  const started = r.startedAt ?? now;
  if (started > r.queuedAt) parts.push(`waited ${formatMs(started - r.queuedAt)} on ${r.dependsOn.join(', ') || 'its turn'}`);
  if (r.startedAt !== undefined) {
    if (r.readyAt !== undefined) parts.push(`ready ${formatMs(r.readyAt - r.startedAt)} after starting, at +${formatMs(r.readyAt - t0)}`);
    else if (r.failedAt !== undefined) parts.push(`failed after ${formatMs(r.failedAt - r.startedAt)}`);
    else parts.push(`starting for ${formatMs(now - r.startedAt)}`);
  }
  return `${r.service}${r.critical ? ' (critical path)' : ''}: ${parts.join(', ')}`;
}

/** The summary line: this start, its critical path, and what earlier starts took. */
function summary(t: StartTimeline): string {
  const total = t.readyAt !== undefined ? `All ready in ${formatMs(t.readyAt - t.startedAt)}` : 'Not all ready';
  const path = t.criticalPath.length
    ? ` · critical path ${t.criticalPath.join(' → ')}${t.criticalPathMs !== undefined ? ` (${formatMs(t.criticalPathMs)})` : ''}`
    : '';
  const prev = t.previousMs.slice(-5);
  const med = median(t.previousMs);
  const earlier = prev.length
    ? ` · earlier starts ${prev.map(formatMs).join(', ')} (median ${formatMs(med!)})`
    : ' · no earlier start recorded';
  const plan = t.plannedMs !== undefined ? ` · timings.json predicts ${formatMs(t.plannedMs)}` : '';
  return `${total}${path}${earlier}${plan}`;
}

export function renderTimeline(t: StartTimeline | undefined, now: number, select: (service: string) => void): Node[] {
  const head = el('div', { class: 'section-head' }, el('h2', {}, 'Last start'));
  if (!t) return [head, el('p', { class: 'empty' }, 'Nothing started yet in this run.')];
  const t0 = t.startedAt;
  const ends = t.rows.map((r) => r.readyAt ?? r.failedAt ?? now);
  const span = Math.max(1, ...ends.map((e) => e - t0), ...t.previousMs) * 1.04;
  const restarts = restartsByService(t.changeRestarts ?? []);
  const rows = t.rows.map((r) => {
    const started = r.startedAt ?? now;
    const end = r.readyAt ?? r.failedAt ?? now;
    const track = el('div', { class: 'g-track' });
    if (started > r.queuedAt) track.append(bar('g-wait', r.queuedAt, started, t0, span, `waiting on ${r.dependsOn.join(', ')}`));
    if (r.startedAt !== undefined)
      track.append(
        bar(
          r.failedAt !== undefined ? 'g-failed' : r.readyAt !== undefined ? 'g-start' : 'g-pending',
          r.startedAt,
          end,
          t0,
          span,
          'starting',
        ),
      );
    if (r.readyAt !== undefined) {
      const mark = el('span', { class: 'g-ready', title: 'ready' });
      mark.style.left = `${(100 * (r.readyAt - t0)) / span}%`;
      track.append(mark);
    }
    const mine = restarts.get(r.service) ?? [];
    const label = `${describe(r, t0, now)}${mine.length ? `; restarted ${mine.length} × since (watch or debug)` : ''}`;
    const row = el(
      'div',
      {
        class: `g-row${r.critical ? ' critical' : ''}`,
        role: 'listitem',
        tabindex: '0',
        'aria-label': label,
        'data-service': r.service,
        title: label,
      },
      el(
        'span',
        { class: 'g-name' },
        r.service,
        ...(mine.length
          ? [el('span', { class: 'g-restarts', title: changeRestartText(mine[mine.length - 1], now) }, ` ↻${mine.length}`)]
          : []),
      ),
      track,
      el('span', { class: 'g-time' }, r.readyAt !== undefined ? `+${formatMs(r.readyAt - t0)}` : r.failedAt !== undefined ? 'failed' : '…'),
    );
    row.addEventListener('click', () => select(r.service));
    row.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select(r.service);
      }
    });
    return row;
  });
  // Earlier starts as thin ticks on the axis: where this start stands among them.
  const axis = el('div', { class: 'g-axis' });
  for (const p of t.previousMs.slice(-10)) {
    const tick = el('span', { class: 'g-prev', title: `an earlier start: ${formatMs(p)}` });
    tick.style.left = `${(100 * p) / span}%`;
    axis.append(tick);
  }
  // Round ticks (0 / 500 ms / 1.0 s), placed where they fall, not quarters of the span (359 ms / 718 ms).
  const unit = unitFor('ms', span);
  const ticks = roundTicks(0, span, unit);
  tickLabels(ticks, unit).forEach((text, i) => {
    const lab = el('span', { class: 'g-tick' }, text);
    lab.style.left = `${(100 * ticks[i]) / span}%`;
    axis.append(lab);
  });
  return [
    head,
    el('p', { class: 'g-summary' }, summary(t)),
    el(
      'div',
      { class: 'gantt', role: 'list', 'aria-label': 'Start-up timeline' },
      ...rows,
      el(
        'div',
        { class: 'g-row g-axis-row', 'aria-hidden': 'true' },
        el('span', { class: 'g-name' }),
        axis,
        el('span', { class: 'g-time' }),
      ),
    ),
    ...renderChangeRestarts(t.changeRestarts ?? [], now, select),
    el(
      'p',
      { class: 'g-legend', 'aria-hidden': 'true' },
      el('span', { class: 'key g-wait' }),
      'waiting on dependencies ',
      el('span', { class: 'key g-start' }),
      'starting ',
      el('span', { class: 'key g-ready-key' }),
      'ready ',
      el('span', { class: 'key g-crit' }),
      'critical path ',
      el('span', { class: 'key g-prev-key' }),
      'earlier starts',
    ),
  ];
}

/** Restarts for a file change (watch, restartWith) or the debugger in this run, newest first: when, which service, why, and how it ended. */
function renderChangeRestarts(rs: readonly ChangeRestart[], now: number, select: (service: string) => void): Node[] {
  if (!rs.length) return [];
  const items = [...rs].reverse().map((r) => {
    const text = changeRestartText(r, now);
    const state = r.readyAt !== undefined ? 'ready' : r.failedAt !== undefined ? 'failed' : 'restarting';
    const li = el(
      'li',
      { class: `g-change ${state}`, tabindex: '0', 'data-restart': r.service, 'data-state': state, 'aria-label': `${r.service}: ${text}` },
      el('span', { class: 'g-change-time' }, clockTime(r.at)),
      el('span', { class: 'g-change-service' }, r.service),
      el('span', { class: 'g-change-text' }, text),
    );
    li.addEventListener('click', () => select(r.service));
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        select(r.service);
      }
    });
    return li;
  });
  return [
    el('h3', { class: 'g-changes-head' }, `Watch and debug restarts (${rs.length})`),
    el('ul', { class: 'g-changes', 'aria-label': 'Watch and debug restarts' }, ...items),
  ];
}
