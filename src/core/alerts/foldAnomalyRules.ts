import { isHostMetric } from '../metrics/metricNames';
import { DEFAULT_RULES } from './defaultRules';
import type { AlertRule } from './model';

const BUILT_IN = new Set(DEFAULT_RULES.map((r) => r.id));

/**
 * Folds a built-in anomaly rule (`latency-anomaly`, `memory-anomaly`) into the user's own rules:
 * for a service that an enabled user rule on the same metric covers, the built-in anomaly rule is
 * not evaluated at all, so the service's latency (or memory) raises the user's alert only, never
 * a second one beside it. Other services keep the built-in rule. Returns, per folded rule id, the
 * services taken out and the user rule that covers each. Mutates `rules`.
 */
export function foldAnomalyRules(rules: AlertRule[], services: readonly string[]): Map<string, Map<string, string>> {
  const folded = new Map<string, Map<string, string>>();
  const user = rules.filter((r) => r.enabled && !BUILT_IN.has(r.id) && !isHostMetric(r.metric));
  for (const rule of rules) {
    if (!BUILT_IN.has(rule.id) || !rule.anomaly || !rule.enabled) continue;
    const covered = new Map<string, string>();
    for (const u of user) {
      if (u.metric !== rule.metric) continue;
      for (const s of u.services ?? services) if (!covered.has(s)) covered.set(s, u.id);
    }
    if (!covered.size) continue;
    rule.services = (rule.services ?? services).filter((s) => !covered.has(s));
    folded.set(rule.id, covered);
  }
  return folded;
}
