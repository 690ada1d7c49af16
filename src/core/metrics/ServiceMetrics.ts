import { isComingUp, isFailing, isLive, isOff, isUp } from '../status/serviceStates';
import { RingBuffer } from './RingBuffer';
import type { ServiceState, StateTransition, ServiceStatus } from '../engine/state';
import type { LogLine, ProbeResult } from '../ports';
import { Histogram } from './Histogram';
import type { BaselineMetric, ServiceMetric } from './metricNames';
import { RateCounter } from './RateCounter';
import { RollingWindow } from './RollingWindow';
import type { ServiceMetricsSnapshot } from './snapshot';
import { TimeSeries, type Tier } from './TimeSeries';
import { UptimeTracker, type Availability } from './UptimeTracker';

export interface ServiceMetricsOptions {
  uptimeWindowMs: number;
  slaTarget: number;
  errorPattern: RegExp;
  memoryLimitBytes?: number;
  tiers?: readonly Tier[];
}

/** Everything measured about one service, fed by engine events and collector samples. */
export class ServiceMetrics {
  state: ServiceState = 'stopped';
  since: number;
  restarts = 0;
  private readonly stateMs = new Map<ServiceState, number>();
  private everUp = false;
  readonly uptime: UptimeTracker;
  readonly latency = new Histogram();
  readonly latencySeries: TimeSeries;
  readonly cpu: TimeSeries;
  readonly memory: TimeSeries;
  readonly errors = new RateCounter();
  private readonly baselines = new Map<BaselineMetric, RollingWindow>();
  private lastProbe?: ProbeResult;
  /** When an instance stopped running (live -> not live), oldest first: where charts show a gap. Bounded. */
  readonly breaks = new RingBuffer<number>(1024);

  constructor(
    readonly name: string,
    private readonly opts: ServiceMetricsOptions,
    now: number,
  ) {
    this.since = now;
    this.uptime = new UptimeTracker(opts.uptimeWindowMs);
    this.latencySeries = new TimeSeries(opts.tiers);
    this.cpu = new TimeSeries(opts.tiers);
    this.memory = new TimeSeries(opts.tiers);
  }

  onState(t: StateTransition, status: ServiceStatus): void {
    this.stateMs.set(this.state, (this.stateMs.get(this.state) ?? 0) + Math.max(0, t.at - this.since));
    if (isLive(t.from) && !isLive(t.to)) this.breaks.push(t.at);
    this.state = t.to;
    this.since = t.at;
    this.restarts = status.restarts;
    // The stop of a restart of a down service is part of the same outage: it stays down (and its
    // service-down alert firing) until the service is up again, not until the restart began.
    const outage = t.restart === true && this.uptime.current === 'down';
    if (isUp(t.to)) this.everUp = true;
    if (t.to === 'stopped' && !outage) this.everUp = false;
    // A job that completed and is started again (Start on a running stack) begins a new run, as its
    // first did: it finished, it did not go down, so waiting and starting again are not downtime.
    if (t.from === 'completed' && !isUp(t.to)) this.everUp = false;
    this.uptime.set(outage ? 'down' : this.availability(t.to), t.at);
  }

  onProbe(r: ProbeResult): void {
    this.lastProbe = r;
    this.latency.record(r.latencyMs);
    this.latencySeries.add(r.at, r.latencyMs);
    this.baseline('probe_latency_ms').add(r.latencyMs);
  }

  onLog(line: LogLine): void {
    this.opts.errorPattern.lastIndex = 0;
    if (line.stream !== 'system' && this.opts.errorPattern.test(line.text)) this.errors.add(line.at);
  }

  onSample(at: number, cpuPercent: number | undefined, rssBytes: number | undefined): void {
    if (cpuPercent !== undefined) {
      this.cpu.add(at, cpuPercent);
      this.baseline('cpu_percent').add(cpuPercent);
    }
    if (rssBytes !== undefined) {
      this.memory.add(at, rssBytes);
      this.baseline('memory_bytes').add(rssBytes);
    }
  }

  baseline(metric: BaselineMetric): RollingWindow {
    let w = this.baselines.get(metric);
    if (!w) this.baselines.set(metric, (w = new RollingWindow()));
    return w;
  }

  value(metric: ServiceMetric, now: number): number | undefined {
    const running = !isOff(this.state);
    switch (metric) {
      case 'up':
        return this.uptime.current === 'ignored' ? undefined : this.uptime.current === 'up' ? 1 : 0;
      case 'crash_looping':
        return this.state === 'crash-looping' ? 1 : 0;
      case 'restarts':
        return this.restarts;
      case 'probe_latency_ms':
        return running ? this.lastProbe?.latencyMs : undefined;
      case 'probe_failed':
        return running && this.lastProbe ? (this.lastProbe.ok ? 0 : 1) : undefined;
      case 'cpu_percent':
        return running ? this.cpu.last()?.value : undefined;
      case 'memory_bytes':
        return running ? this.memory.last()?.value : undefined;
      case 'memory_percent': {
        const m = running ? this.memory.last()?.value : undefined;
        return m !== undefined && this.opts.memoryLimitBytes ? (100 * m) / this.opts.memoryLimitBytes : undefined;
      }
      case 'error_rate':
        return this.errors.perMinute(now);
      case 'uptime_percent':
        return this.uptime.window(now);
    }
  }

  snapshot(now: number): ServiceMetricsSnapshot {
    const timeInState: Partial<Record<ServiceState, number>> = Object.fromEntries(this.stateMs);
    timeInState[this.state] = (timeInState[this.state] ?? 0) + Math.max(0, now - this.since);
    const total = this.uptime.total(now);
    const windowPct = this.uptime.window(now);
    const observed = this.uptime.observed(now);
    return {
      name: this.name,
      state: this.state,
      since: this.since,
      up: this.value('up', now),
      restarts: this.restarts,
      timeInState,
      uptime: {
        sinceStartPercent: total.percent,
        upMs: total.upMs,
        downMs: total.downMs,
        windowPercent: windowPct,
        windowMs: this.opts.uptimeWindowMs,
        windowObservedMs: observed.ms,
        windowGrowing: observed.growing,
        target: this.opts.slaTarget,
        meetsTarget: windowPct === undefined ? undefined : windowPct >= this.opts.slaTarget,
      },
      probe: { last: this.lastProbe, latency: this.latency.summary() },
      cpuPercent: this.value('cpu_percent', now),
      memoryBytes: this.value('memory_bytes', now),
      memoryPercent: this.value('memory_percent', now),
      memoryLimitBytes: this.opts.memoryLimitBytes,
      errorRatePerMin: this.errors.perMinute(now),
      errorLines: this.errors.total,
    };
  }

  private availability(s: ServiceState): Availability {
    if (isUp(s)) return 'up';
    // Down only after having been up (README: service-down fires "after having been up"): a service
    // that never came up is a failed start, shown as failed (its dependents blocked), not an outage.
    // Waiting and starting again after having been up is downtime too (one incident from the crash to
    // healthy again, not one until Start is pressed and another while it starts); the first start is not.
    if (isFailing(s)) return this.everUp ? 'down' : 'ignored';
    return isComingUp(s) && this.everUp ? 'down' : 'ignored';
  }
}
