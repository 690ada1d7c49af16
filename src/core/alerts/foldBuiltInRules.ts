import { isHostMetric } from '../metrics/metricNames';
import { DEFAULT_RULES } from './defaultRules';
import type { AlertRule, AlertSeverity } from './model';

const BUILT_IN = new Set(DEFAULT_RULES.map((r) => r.id));
const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * Folds built-in service rules into the user's own: for a service that an enabled user rule on
 * the same metric covers with the same or a higher severity, the built-in rule is not evaluated
 * at all, so the service's latency (say) raises the user's alert only, never a second one beside
 * it — `latency-anomaly` and `probe-latency-warning` under a user warning on `probe_latency_ms`,
 * while `probe-latency-critical` stays. A built-in rule named under `alerts.defaults` is kept as
 * configured. Returns, per folded rule id, the services taken out and the user rule covering each.
 * Mutates `rules`.
 */
export function foldBuiltInRules(rules: AlertRule[], services: readonly string[]): Map<string, Map<string, string>> {
  const folded = new Map<string, Map<string, string>>();
  const user = rules.filter((r) => r.enabled && !BUILT_IN.has(r.id) && !isHostMetric(r.metric));
  for (const rule of rules) {
    if (!BUILT_IN.has(rule.id) || !rule.enabled || rule.configured || isHostMetric(rule.metric)) continue;
    const covered = new Map<string, string>();
    for (const u of user) {
      if (u.metric !== rule.metric || RANK[u.severity] < RANK[rule.severity]) continue;
      for (const s of u.services ?? services) if (!covered.has(s)) covered.set(s, u.id);
    }
    if (!covered.size) continue;
    rule.services = (rule.services ?? services).filter((s) => !covered.has(s));
    folded.set(rule.id, covered);
  }
  return folded;
}
