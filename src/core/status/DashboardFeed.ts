/**
 * What the dashboard webview is sent, and when: a snapshot after `ready`, then deltas at most one
 * per MIN_DELTA_GAP_MS (50 ms) whatever the event rate (cards that changed, the timeline when it changed,
 * the 1 s metric points closed since the last message). No vscode here, so bench:dashboard drives
 * the very same code as the panel.
 */
import type { CardMetricsSnapshot } from '../metrics/snapshot';
import { planStart } from '../graph/criticalPath';
import { dashboardModel, diffCards } from './dashboardModel';
import { newPoints, seriesSet, type SeriesSource } from './seriesModel';
import type { StackSnapshot } from './StackSnapshot';
import { startTimeline } from '../timeline/startTimeline';
import type { StateTransition } from '../engine/state';
import {
  SERIES_WINDOWS_MS,
  type DashboardModel,
  type DockerEngineState,
  type HostMessage,
  type IncidentCard,
  type SeriesSet,
  type StartTimeline,
} from '../../shared/protocol';
import type { StartRecord } from '../timeline/StartRecord';

/**
 * At most 20 messages a second whatever the event rate. Under a steady stream of events an event
 * waits for the next message up to this long, so it bounds the event-to-screen latency
 * (bench:dashboard: p95 target 150 ms; at 150 ms the wait alone made the p95 193 ms). The webview
 * applies what arrives once per animation frame, so more messages do not mean more redraws.
 */
export const MIN_DELTA_GAP_MS = 50;
/** Metrics are sampled every second: while the panel is visible the feed looks for new points as often. */
const METRICS_TICK_MS = 1000;

export interface FeedSource {
  snapshot(): StackSnapshot;
  /** The monitor's store while a run is watched (or, in a window without the lock, the supervisor's metrics as last fetched). */
  metrics(): (SeriesSource & { snapshot(now: number): CardMetricsSnapshot }) | undefined;
  /**
   * In a window that does not supervise the stack (another process does), the supervisor's run as
   * its record (last-run.json) has it: each service's transitions, which the live status leaves out.
   */
  recordedTransitions?(): ReadonlyMap<string, readonly StateTransition[]> | undefined;
  /** Earlier starts and per-service timings, when there is a run folder. */
  history(): { starts(): StartRecord[]; timings(): Record<string, number> } | undefined;
  /** The Docker engine's last answer; undefined when the stack has no docker services (or not read yet). */
  docker?(): DockerEngineState | undefined;
  /** Resolved alerts of this run, newest first. */
  incidents?(): readonly IncidentCard[];
}

export class DashboardFeed {
  private sent: DashboardModel | undefined;
  private until = 0;
  private windowMs: number = SERIES_WINDOWS_MS[0];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private lastSend = 0;
  private historyKey = '';
  private history: { previousMs: number[]; plannedMs?: number } = { previousMs: [] };
  /** The start the prediction was made for: made once, before that start's own times are in timings.json. */
  private plannedFor: number | undefined;

  constructor(
    private readonly source: FeedSource,
    private readonly post: (msg: HostMessage) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The webview (re)loaded: everything again, as a snapshot. */
  ready(windowMs?: number): void {
    if (windowMs !== undefined) this.windowMs = windowMs;
    this.sent = undefined;
    this.flush();
  }

  /** The chart window the webview shows. */
  get window(): number {
    return this.windowMs;
  }

  /** A new chart window (or a source that now has more of it): every series again, over it. */
  setWindow(windowMs: number): void {
    this.windowMs = windowMs;
    const series = this.series();
    if (series) this.post({ type: 'series', series, sentAt: this.now() });
  }

  /** Look for new metric points every second (only while someone can see them). */
  setLive(live: boolean): void {
    if (live && !this.ticker) this.ticker = setInterval(() => this.schedule(), METRICS_TICK_MS);
    if (!live && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  /** Coalesces bursts: at most one message per MIN_DELTA_GAP_MS. */
  schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastSend + MIN_DELTA_GAP_MS - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private series(): SeriesSet | undefined {
    const metrics = this.source.metrics();
    if (!this.sent) return undefined;
    const now = this.now();
    const set = metrics
      ? seriesSet(
          metrics,
          this.sent.services.map((c) => c.name),
          this.windowMs,
          now,
        )
      : { windowMs: this.windowMs, stepMs: 1000, until: now, services: {} };
    this.until = Math.max(this.until, set.until);
    return set;
  }

  private timeline(s: StackSnapshot): StartTimeline | undefined {
    const config = s.config;
    if (!config) return undefined;
    const deps = (name: string) => config.services[name]?.dependsOn.map((d) => d.service) ?? [];
    const recorded = this.source.recordedTransitions?.();
    const statuses = recorded ? s.statuses.map((x) => ({ ...x, transitions: [...(recorded.get(x.name) ?? x.transitions)] })) : s.statuses;
    const base = startTimeline(statuses, deps);
    if (!base) return undefined;
    // Earlier runs are read from disk only when this start changes (not four times a second).
    const key = `${base.startedAt}:${base.readyAt ?? ''}`;
    if (key !== this.historyKey) {
      this.historyKey = key;
      const h = this.source.history();
      const order = s.selected.filter((n) => base.rows.some((r) => r.service === n));
      const starts = h?.starts() ?? [];
      // Once this start is recorded, timings.json holds its own times: a prediction read then would
      // "predict" the start it is compared with. So it is made once per start, before that, or not at all.
      let plannedMs = this.plannedFor === base.startedAt ? this.history.plannedMs : undefined;
      if (this.plannedFor !== base.startedAt && !starts.some((r) => r.at === base.startedAt)) {
        const timings = h?.timings() ?? {};
        const known = order.length > 0 && order.every((n) => timings[n] !== undefined);
        if (known) plannedMs = planStart(order, deps, timings).criticalPathMs;
      }
      this.plannedFor = base.startedAt;
      this.history = {
        previousMs: starts.filter((r) => r.at !== base.startedAt).map((r) => r.totalMs),
        ...(plannedMs !== undefined ? { plannedMs } : {}),
      };
    }
    return {
      ...base,
      previousMs: this.history.previousMs,
      ...(this.history.plannedMs !== undefined ? { plannedMs: this.history.plannedMs } : {}),
    };
  }

  flush(): void {
    const now = this.now();
    const s = this.source.snapshot();
    const metrics = this.source.metrics();
    const model = dashboardModel(s, metrics?.snapshot(now));
    const timeline = this.timeline(s);
    if (timeline) model.timeline = timeline;
    const docker = this.source.docker?.();
    if (docker) model.header.docker = docker;
    const incidents = this.source.incidents?.() ?? [];
    if (incidents.length) model.incidents = [...incidents];
    let msg: HostMessage;
    if (!this.sent) {
      this.sent = model;
      msg = { type: 'snapshot', model, series: this.series()!, sentAt: now };
    } else {
      const { changed, removed } = diffCards(this.sent, model);
      const sameAlerts = JSON.stringify(this.sent.alerts) === JSON.stringify(model.alerts);
      const sameHeader = JSON.stringify(this.sent.header) === JSON.stringify(model.header);
      const sameTimeline = JSON.stringify(this.sent.timeline) === JSON.stringify(model.timeline);
      const sameIncidents = JSON.stringify(this.sent.incidents ?? []) === JSON.stringify(model.incidents ?? []);
      const { points, until } = metrics
        ? newPoints(
            metrics,
            model.services.map((c) => c.name),
            this.until,
            now,
          )
        : { points: {}, until: this.until };
      if (!changed.length && !removed.length && sameAlerts && sameHeader && sameTimeline && sameIncidents && !Object.keys(points).length)
        return;
      this.until = until;
      this.sent = model;
      msg = {
        type: 'delta',
        header: model.header,
        services: changed,
        removed,
        alerts: model.alerts,
        ...(sameTimeline || !model.timeline ? {} : { timeline: model.timeline }),
        ...(sameIncidents ? {} : { incidents: model.incidents ?? [] }),
        points,
        until,
        sentAt: now,
      };
    }
    this.lastSend = now;
    this.post(msg);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.setLive(false);
  }
}
