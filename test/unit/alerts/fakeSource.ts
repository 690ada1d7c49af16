import type { MetricName } from '../../../src/core/metrics/metricNames';
import type { MetricSource } from '../../../src/core/metrics/MetricsStore';
import type { AlertRule } from '../../../src/core/alerts/model';

/** Metric values set by hand: `set('up', 'api', 0)`. */
export class FakeSource implements MetricSource {
  readonly values = new Map<string, number>();
  readonly baselines = new Map<string, number>();
  set(metric: MetricName, service: string | undefined, v: number | undefined): void {
    const k = `${metric}/${service ?? ''}`;
    if (v === undefined) this.values.delete(k);
    else this.values.set(k, v);
  }
  value(metric: MetricName, service: string | undefined): number | undefined {
    return this.values.get(`${metric}/${service ?? ''}`);
  }
  baseline(metric: string, service: string): number | undefined {
    return this.baselines.get(`${metric}/${service}`);
  }
  isCompleted?: (service: string) => boolean;
  isDown(service: string): boolean {
    return this.value('up', service) === 0;
  }
}

export const rule = (over: Partial<AlertRule> & Pick<AlertRule, 'id' | 'metric'>): AlertRule => ({
  op: '>',
  threshold: 100,
  forMs: 0,
  keepFiringForMs: 0,
  severity: 'warning',
  summary: over.id,
  enabled: true,
  ...over,
});
