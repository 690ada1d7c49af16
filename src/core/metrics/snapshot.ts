import type { ServiceState } from '../engine/state';
import type { ProbeResult } from '../ports';
import type { HistogramSummary } from './Histogram';

/** What the extension / dashboard / CLI read: plain JSON-able data. */
export interface ServiceMetricsSnapshot {
  name: string;
  state: ServiceState;
  since: number;
  /** 1 up, 0 down, undefined while stopped / waiting / first starting. */
  up?: number;
  restarts: number;
  /** Milliseconds spent in each state since monitoring began. */
  timeInState: Partial<Record<ServiceState, number>>;
  uptime: {
    sinceStartPercent?: number;
    upMs: number;
    downMs: number;
    windowPercent?: number;
    windowMs: number;
    /** Counted time within the window, ms: what `windowPercent` is a share of (less than `windowMs` until the window is full). */
    windowObservedMs: number;
    /** True while the counted time grows (the service is up or down, not stopped or first starting). */
    windowGrowing: boolean;
    /** SLA target, percent (e.g. 99.9). */
    target: number;
    meetsTarget?: boolean;
  };
  probe: { last?: ProbeResult; latency: HistogramSummary };
  cpuPercent?: number;
  memoryBytes?: number;
  memoryPercent?: number;
  memoryLimitBytes?: number;
  errorRatePerMin: number;
  errorLines: number;
}

export interface HostSample {
  cpuPercent?: number;
  load1?: number;
  memAvailableMb?: number;
  memTotalMb?: number;
  diskFreeBytes?: number;
  diskTotalBytes?: number;
  diskPath?: string;
}

export interface HostMetricsSnapshot extends HostSample {
  memAvailablePercent?: number;
  diskFreePercent?: number;
  at?: number;
}

export interface MetricsSnapshot {
  at: number;
  startedAt: number;
  services: ServiceMetricsSnapshot[];
  host: HostMetricsSnapshot;
  /** Collector runs skipped because the previous run had not finished: name -> count. */
  slowCollectors: Record<string, number>;
}

/** What a dashboard card shows of a service's metrics (a MetricsSnapshot's service has it; so does a supervisor's metrics reply). */
export type ServiceCardMetrics = Pick<ServiceMetricsSnapshot, 'name' | 'cpuPercent' | 'memoryBytes' | 'memoryLimitBytes'> & {
  uptime?: Pick<ServiceMetricsSnapshot['uptime'], 'windowPercent' | 'windowMs' | 'windowObservedMs' | 'windowGrowing'>;
};

/** The measured figures of the dashboard's cards, at `at`. */
export interface CardMetricsSnapshot {
  at: number;
  services: ServiceCardMetrics[];
}
