/**
 * Messages between the dashboard webview and the extension host: discriminated unions, no vscode,
 * no DOM. Every message from the webview is validated with `parseWebviewMessage` before the host
 * acts on it.
 */

import type { AlertCounts } from './alertCounts';
import type { ServiceState } from './serviceState';

/** A card shows every state of the one state table (src/shared/stateTable.ts). */
export type CardState = ServiceState;

export interface ServiceCard {
  name: string;
  kind: 'process' | 'external' | 'docker';
  state: CardState;
  /** Why it is in this state, or what the last probe saw (then its failing dependency, if any). */
  detail: string;
  /** A running service's failing dependency, `dependency db failed (exit 137)`: degraded although its own probe may pass. */
  degraded?: string;
  /** A healthy service whose last probe failed, not yet `retries` in a row: `last probe failed (1 of 3)`. */
  probeWarning?: string;
  /** Last probe latency, ms (measured), when there is a probe that measures one. */
  latencyMs?: number;
  restarts: number;
  pid?: number;
  /** ms since epoch the service entered its state. */
  since: number;
  dependsOn: string[];
  /** Set when its health is seen only at start (log probe) or never (no probe): what `running`/`healthy` then means. */
  livenessOnly?: string;
  /** Whether it can be opened in a browser (http health check or a tcp port). */
  openable: boolean;
  /** Last CPU sample, percent of one core (measured by the monitor's collectors). */
  cpuPercent?: number;
  /** Last resident memory sample, bytes. */
  memoryBytes?: number;
  /** Declared memory limit, bytes, when there is one. */
  memoryLimitBytes?: number;
  /** Share of the counted time within the rolling window the service was up, percent (floored: 99.996 is 99.99). */
  uptimePercent?: number;
  /** The rolling window's full length, ms (1 h). */
  uptimeWindowMs?: number;
  /** While the window fills and counting goes on: when the counted time began (the webview ticks `now - uptimeFrom`). */
  uptimeFrom?: number;
  /** Otherwise: the counted time within the window, ms (the window itself once full). */
  uptimeObservedMs?: number;
}

/** The `n/m up` chip's tone, by the status bar's rule: red only where it is red (headerHealth). */
export type HeaderHealth = 'ok' | 'warn' | 'bad' | 'idle';

export interface DashboardHeader {
  stack: string;
  profile?: string;
  up: number;
  total: number;
  /** The chip's tone; absent from an older host (then: all up is ok, else bad). */
  health?: HeaderHealth;
  trusted: boolean;
  firingAlerts: number;
  /** Firing alerts by severity, acknowledged ones counted apart: the alerts chip's text and colour. */
  alerts: AlertCounts;
  /** ms since epoch the current run started, when something runs. */
  runningSince?: number;
  /** The Docker engine as it answered the last read; absent when the stack has no docker services. */
  docker?: DockerEngineState;
  /** Another process supervises the stack (`stackpilot up (pid 7)`): what is shown is its view. */
  supervisedBy?: string;
  /** That supervisor stopped answering: the note saying since when (the states are its last view). */
  stale?: string;
}

/** What the Docker engine said when asked (a ping and /version), never a guess. */
export type DockerEngineState =
  | { running: true; version: string }
  /** `problem`: not-running, not-installed, permission-denied, unreachable, bad-config, no-answer. */
  | { running: false; problem: string; reason: string };

export interface AlertCard {
  key: string;
  service?: string;
  severity: 'info' | 'warning' | 'critical';
  state: 'inactive' | 'pending' | 'firing' | 'resolved';
  summary: string;
  acknowledged: boolean;
  silenced: boolean;
  /** Until when (epoch ms), while silenced: the card says `silenced until 14:05`. */
  silencedUntil?: number;
  /** Root causes holding it back (a dependency that is down). */
  heldBackBy: string[];
  since: number;
}

/** One service's part of the last start: absolute times (ms since epoch) of each phase. */
export interface TimelineRow {
  service: string;
  dependsOn: string[];
  /** Left `stopped` (waiting on dependencies, or straight to starting). */
  queuedAt: number;
  /** Process/container started. */
  startedAt?: number;
  /** First healthy / running / completed after the start. */
  readyAt?: number;
  /** Failed, exited or crash-looping before ready. */
  failedAt?: number;
  /** On the chain that bounded the start-up. */
  critical: boolean;
}

/** The Gantt view of the last start of the stack (computed by core/timeline/startTimeline). */
export interface StartTimeline {
  startedAt: number;
  /** When every row was ready (undefined while starting or when something failed). */
  readyAt?: number;
  rows: TimelineRow[];
  /** Dependencies first: the chain of services whose readiness gated the next one. */
  criticalPath: string[];
  criticalPathMs?: number;
  /** Time-to-all-ready of earlier starts, oldest first (bounded). */
  previousMs: number[];
  /** What the per-service durations of earlier runs (.stackpilot/timings.json) predict. */
  plannedMs?: number;
  /** Restarts with a reason in this run (a file change, restartWith, the debugger attaching), oldest first (bounded). */
  changeRestarts?: ChangeRestart[];
}

/** A restart made because files changed (or with a service that did): marked on the timeline. */
export interface ChangeRestart {
  service: string;
  /** When the restart began (the stop), ms since epoch. */
  at: number;
  /** `src/app.ts changed`, `src/app.ts and 2 more changed`, `api restarted`. */
  reason: string;
  /** Running (or healthy) again. */
  readyAt?: number;
  /** Failed, exited or crash-looped before it was up again. */
  failedAt?: number;
}

/** An alert of this run that fired and then resolved. */
export interface IncidentCard {
  key: string;
  ruleId: string;
  service?: string;
  /** The highest severity it reached (a warning may have escalated). */
  severity: AlertCard['severity'];
  summary: string;
  firedAt: number;
  resolvedAt: number;
}

/** Most incidents kept and sent, newest first. */
export const MAX_INCIDENTS = 20;

export interface DashboardModel {
  header: DashboardHeader;
  services: ServiceCard[];
  alerts: AlertCard[];
  timeline?: StartTimeline;
  /** Resolved alerts of this run, newest first (at most MAX_INCIDENTS). */
  incidents?: IncidentCard[];
}

export const SERIES_METRICS = ['latency', 'cpu', 'memory'] as const;
/** Probe latency (ms), CPU (% of one core), resident memory (bytes). */
export type SeriesMetric = (typeof SERIES_METRICS)[number];
/** The chart windows a person can pick: 5 min, 15 min, 1 h. */
export const SERIES_WINDOWS_MS = [5 * 60_000, 15 * 60_000, 60 * 60_000] as const;
/** Most points per series in a snapshot: older points are averaged into buckets to stay under it. */
export const MAX_SERIES_POINTS = 300;

/** Columnar points of one series, oldest first: times in ms since epoch, measured values. */
export interface SeriesData {
  t: number[];
  v: number[];
  /**
   * When the service stopped running (crashed, was killed or stopped) in this span, ascending: the
   * chart leaves a gap between the samples around each, never a line across the downtime.
   */
  gaps?: number[];
}
export type ServiceSeries = Partial<Record<SeriesMetric, SeriesData>>;

/** Every service's series over a window, bucketed to `stepMs`, up to (not including) `until`. */
export interface SeriesSet {
  windowMs: number;
  stepMs: number;
  until: number;
  services: Record<string, ServiceSeries>;
}

export type HostMessage =
  | { type: 'snapshot'; model: DashboardModel; series: SeriesSet; sentAt: number }
  /**
   * Only the cards that changed, plus the header; the timeline when it changed; the 1 s points
   * measured since the last message (`until` moves forward, nothing is sent twice); the
   * incidents when they changed.
   */
  | {
      type: 'delta';
      header: DashboardHeader;
      services: ServiceCard[];
      removed: string[];
      alerts: AlertCard[];
      timeline?: StartTimeline;
      incidents?: IncidentCard[];
      points: Record<string, ServiceSeries>;
      until: number;
      sentAt: number;
    }
  /** The answer to a `window` request: every series again, over the new window. */
  | { type: 'series'; series: SeriesSet; sentAt: number }
  /**
   * The host still serves this panel (every HOST_ALIVE_MS while the panel is visible, changes or
   * not): a webview that hears nothing for HOST_SILENT_MS says its view is not live any more.
   */
  | { type: 'alive'; sentAt: number };

export const HOST_ALIVE_MS = 4000;
export const HOST_SILENT_MS = 15_000;

export const SERVICE_ACTIONS = ['start', 'stop', 'restart', 'logs', 'open', 'definition', 'debug'] as const;
export type ServiceAction = (typeof SERVICE_ACTIONS)[number];

export type WebviewMessage =
  /** `windowMs`: the chart window the webview restored from its state (one of SERIES_WINDOWS_MS). */
  | { type: 'ready'; windowMs?: number }
  | { type: 'window'; windowMs: number }
  | { type: 'action'; action: ServiceAction; service: string }
  | { type: 'alert'; action: 'acknowledge' | 'silence'; key: string };

/**
 * The webview drew a message: bench:dashboard's event-to-screen measurement, sent only by a page
 * built with `measureRender` (dashboardPage), which the bench alone asks for. Not a WebviewMessage:
 * the extension's host never asks for it, and parseWebviewMessage drops it.
 */
export interface RenderedAck {
  type: 'rendered';
  sentAt: number;
  renderedAt: number;
}

/** The message if it is well formed, else undefined. Never trusts the webview. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return isWindow(m.windowMs) ? { type: 'ready', windowMs: m.windowMs } : { type: 'ready' };
    case 'window':
      return isWindow(m.windowMs) ? { type: 'window', windowMs: m.windowMs } : undefined;
    case 'action':
      if (typeof m.service !== 'string' || m.service.length > 200) return undefined;
      if (!(SERVICE_ACTIONS as readonly unknown[]).includes(m.action)) return undefined;
      return { type: 'action', action: m.action as ServiceAction, service: m.service };
    case 'alert':
      if (typeof m.key !== 'string' || m.key.length > 300) return undefined;
      if (m.action !== 'acknowledge' && m.action !== 'silence') return undefined;
      return { type: 'alert', action: m.action, key: m.key };
    default:
      return undefined;
  }
}

function isWindow(v: unknown): v is number {
  return (SERIES_WINDOWS_MS as readonly unknown[]).includes(v);
}
