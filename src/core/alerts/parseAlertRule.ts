import type { Reader } from '../config/Reader';
import { didYouMean } from '../config/suggest';
import { BASELINE_METRICS, isHostMetric, isMetricName, METRIC_NAMES } from '../metrics/metricNames';
import { OPERATORS, SEVERITIES, type AlertRule, type AlertSeverity, type AnomalySpec, type Operator } from './model';

export const RULE_KEYS = [
  'name',
  'metric',
  'operator',
  'threshold',
  'for',
  'keepFiringFor',
  'severity',
  'services',
  'escalateAfter',
  'clearBand',
  'anomaly',
  'summary',
  'enabled',
] as const;
const ANOMALY_KEYS = ['factor', 'floor', 'quantile', 'minSamples'] as const;

/**
 * One user rule: `{ name, metric, operator, threshold, for, keepFiringFor, severity, services, ... }`.
 * Every mistake is a located diagnostic; the rule is dropped (undefined) when it cannot work.
 * `base` supplies the fields of a built-in rule being overridden.
 */
export function parseAlertRule(r: Reader, services: readonly string[], base?: AlertRule, service?: string): AlertRule | undefined {
  if (!r.expectMap('an alert rule: `{ name: slow-api, metric: probe_latency_ms, operator: ">", threshold: 500, for: 30s }`'))
    return undefined;
  // `op` (Prometheus-style shorthand) is reported once, with the right key, instead of as an unknown key with no suggestion.
  r.checkKeys([...RULE_KEYS, 'op'], `alert rule \`${r.name}\``);
  if (r.has('op'))
    r.child('op').error(
      'unknown-key',
      `Unknown key \`op\` in alert rule \`${r.name}\`: the operator is written \`operator: "${String(r.child('op').value)}"\`.`,
      'key',
    );
  const id = base?.id ?? r.child('name').str();
  if (id === undefined) r.error('bad-alert-rule', `Alert rule \`${r.name}\` needs a \`name\`.`, 'key');
  const metric = r.has('metric') ? readMetric(r.child('metric')) : base?.metric;
  if (!r.has('metric') && !base)
    r.error('bad-alert-rule', `Alert rule \`${r.name}\` needs a \`metric\`: one of ${METRIC_NAMES.join(', ')}.`, 'key');
  const anomaly = r.has('anomaly') ? readAnomaly(r.child('anomaly')) : base?.anomaly;
  const op = r.has('operator')
    ? readEnum<Operator>(r.child('operator'), OPERATORS, 'an operator')
    : (base?.op ?? (anomaly ? '>' : undefined));
  const threshold = r.child('threshold').num({ coerce: true }) ?? base?.threshold ?? anomaly?.floor;
  if (!anomaly && !base) {
    if (!r.has('operator') && !r.has('op'))
      r.error('bad-alert-rule', `Alert rule \`${r.name}\` needs \`operator\`: one of ${OPERATORS.join(' ')}.`, 'key');
    if (!r.has('threshold')) r.error('bad-alert-rule', `Alert rule \`${r.name}\` needs a numeric \`threshold\`.`, 'key');
  }
  const severity = r.has('severity')
    ? readEnum<AlertSeverity>(r.child('severity'), SEVERITIES, 'a severity')
    : (base?.severity ?? 'warning');
  const svcs = r.has('services')
    ? readServices(r.child('services'), services)
    : (base?.services ?? (service !== undefined ? [service] : undefined));
  if (metric && anomaly && !(BASELINE_METRICS as readonly string[]).includes(metric)) {
    r.child('anomaly').error(
      'bad-alert-rule',
      `Anomaly rules learn a baseline only for ${BASELINE_METRICS.join(', ')}; \`${metric}\` has none.`,
      'key',
    );
    return undefined;
  }
  if (metric && svcs && isHostMetric(metric))
    r.child('services').warn('bad-alert-rule', `\`${metric}\` is a host metric: \`services\` does not apply.`, 'key');
  // Every field is read (and reported) before giving up, so one look at the Problems panel shows all of a rule's mistakes.
  const forMs = r.child('for').duration() ?? base?.forMs ?? 0;
  const keepFiringForMs = r.child('keepFiringFor').duration() ?? base?.keepFiringForMs ?? 0;
  const escalateAfterMs = r.child('escalateAfter').duration() ?? base?.escalateAfterMs;
  const clearBand = r.child('clearBand').num({ coerce: true, min: 0 }) ?? base?.clearBand;
  const summaryText = r.child('summary').str();
  const enabled = r.child('enabled').bool() ?? true;
  if (id === undefined || metric === undefined || op === undefined || threshold === undefined || severity === undefined) return undefined;
  const summary = summaryText ?? base?.summary ?? `${metric} ${op} ${threshold}`;
  return {
    id,
    metric,
    op,
    threshold,
    forMs,
    keepFiringForMs,
    severity,
    summary,
    enabled,
    ...(svcs ? { services: svcs } : {}),
    ...(escalateAfterMs !== undefined ? { escalateAfterMs } : {}),
    ...(clearBand !== undefined ? { clearBand } : {}),
    ...(anomaly ? { anomaly } : {}),
  };
}

function readMetric(r: Reader): AlertRule['metric'] | undefined {
  const s = r.str();
  if (s === undefined) return undefined;
  if (isMetricName(s)) return s;
  r.error('unknown-metric', `Unknown metric \`${s}\`.${didYouMean(s, METRIC_NAMES)}`);
  return undefined;
}

function readEnum<T extends string>(r: Reader, allowed: readonly T[], what: string): T | undefined {
  const s = r.str(true);
  if (s === undefined) return undefined;
  if ((allowed as readonly string[]).includes(s)) return s as T;
  r.error('wrong-value', `\`${r.name}\` must be ${what}: ${allowed.map((a) => `\`${a}\``).join(', ')}; got \`${s}\`.`);
  return undefined;
}

function readServices(r: Reader, services: readonly string[]): string[] | undefined {
  const list = r.strings({ single: true });
  if (!list) return undefined;
  list.forEach((s, i) => {
    if (!services.includes(s))
      (r.isMap || Array.isArray(r.value) ? r.child(i) : r).error(
        'missing-service',
        `Alert rule names unknown service \`${s}\`.${didYouMean(s, services)}`,
      );
  });
  return list.filter((s) => services.includes(s));
}

function readAnomaly(r: Reader): AnomalySpec | undefined {
  if (!r.expectMap('`{ factor: 3, floor: 200 }`')) return undefined;
  r.checkKeys(ANOMALY_KEYS, `\`${r.name}\``);
  const factor = r.child('factor').num({ coerce: true, min: 1 }) ?? 3;
  const floor = r.child('floor').num({ coerce: true, min: 0 }) ?? 0;
  const quantile = r.child('quantile').num({ coerce: true, min: 0 }) ?? 0.95;
  if (quantile > 1)
    r.child('quantile').error('wrong-value', `\`${r.name}.quantile\` is a fraction between 0 and 1 (0.95 for p95), got ${quantile}.`);
  const minSamples = r.child('minSamples').num({ coerce: true, integer: true, min: 1 }) ?? 30;
  return { factor, floor, quantile: Math.min(1, quantile), minSamples };
}
