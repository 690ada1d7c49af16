import type { Reader } from '../config/Reader';
import { didYouMean } from '../config/suggest';
import { DEFAULT_RULES } from './defaultRules';
import type { AlertRule } from './model';
import { parseAlertRule } from './parseAlertRule';

const ALERTS_KEYS = ['defaults', 'rules'] as const;
const SERVICE_ALERTS_KEYS = ['rules', 'errorPattern', 'memoryLimit', 'disable'] as const;

/**
 * The stack-level `alerts:` block: `defaults` (built-in rules by id: `false` disables, a map
 * overrides fields) and `rules` (user rules). A bare list is taken as `rules`. Returns every rule,
 * built-in ones first; mistakes are located diagnostics through the reader.
 */
export function parseAlertRules(r: Reader, services: readonly string[]): AlertRule[] {
  const rules = DEFAULT_RULES.map((d) => ({ ...d }));
  if (r.value === undefined || r.value === null) return rules;
  const list = Array.isArray(r.value)
    ? r
    : r.expectMap('a map with `defaults` and `rules`, or a list of rules')
      ? r.child('rules')
      : undefined;
  if (r.isMap) {
    r.checkKeys(ALERTS_KEYS, '`alerts`');
    const defaults = r.child('defaults');
    if (defaults.value !== undefined && defaults.expectMap('a map of built-in rule ids to `false` or overrides')) {
      for (const [id, o] of defaults.entries()) {
        const i = rules.findIndex((x) => x.id === id);
        if (i < 0) {
          o.error(
            'unknown-alert-rule',
            `No built-in alert rule \`${id}\`.${didYouMean(
              id,
              DEFAULT_RULES.map((d) => d.id),
            )}`,
            'key',
          );
          continue;
        }
        if (typeof o.value === 'boolean') rules[i] = { ...rules[i], enabled: o.value, configured: true };
        else if (o.value === null) rules[i] = { ...rules[i], enabled: false };
        else rules[i] = { ...(parseAlertRule(o, services, rules[i]) ?? rules[i]), configured: true };
      }
    }
  }
  return [
    ...rules,
    ...parseRuleList(
      list,
      services,
      rules.map((x) => x.id),
    ),
  ];
}

export interface ServiceAlerts {
  rules: AlertRule[];
  errorPattern?: RegExp;
  memoryLimitBytes?: number;
  /** Rule ids not evaluated for this service. */
  disable: string[];
}

/** A service's `alerts:` (native) or `x-stackpilot.alerts` (compose): a list of rules, or `{ rules, errorPattern, memoryLimit, disable }`. */
export function parseServiceAlerts(r: Reader, service: string, services: readonly string[], taken: readonly string[]): ServiceAlerts {
  const out: ServiceAlerts = { rules: [], disable: [] };
  if (r.value === undefined || r.value === null) return out;
  if (Array.isArray(r.value)) {
    out.rules = parseRuleList(r, services, taken, service);
    return out;
  }
  if (!r.expectMap('a list of alert rules, or `{ rules, errorPattern, memoryLimit, disable }`')) return out;
  r.checkKeys(SERVICE_ALERTS_KEYS, `\`${r.name}\``);
  out.rules = parseRuleList(r.child('rules'), services, taken, service);
  const pattern = r.child('errorPattern');
  const re = pattern.value === undefined ? undefined : readPattern(pattern);
  if (re) out.errorPattern = re;
  const limit = r.child('memoryLimit').bytes();
  if (limit !== undefined) out.memoryLimitBytes = limit;
  const disable = r.child('disable');
  out.disable = disable.strings({ single: true }) ?? [];
  const known = [...taken, ...out.rules.map((x) => x.id)];
  const readers = Array.isArray(disable.value) ? disable.items() : [disable];
  for (const item of readers) {
    if (typeof item.value === 'string' && !known.includes(item.value))
      item.warn('unknown-alert-rule', `No alert rule \`${item.value}\` to disable.${didYouMean(item.value, known)}`);
  }
  return out;
}

/** A regular expression written as a string; a bad one is a located error. */
export function readPattern(r: Reader): RegExp | undefined {
  const s = r.str();
  if (s === undefined) return undefined;
  try {
    return new RegExp(s);
  } catch (e) {
    r.error('bad-pattern', `\`${r.name}\` is not a valid regular expression: ${(e as Error).message}.`);
    return undefined;
  }
}

function parseRuleList(r: Reader | undefined, services: readonly string[], taken: readonly string[], service?: string): AlertRule[] {
  const items = r?.list();
  if (!items) return [];
  const seen = new Set(taken);
  const out: AlertRule[] = [];
  for (const item of items) {
    const rule = parseAlertRule(item, services, undefined, service);
    if (!rule) continue;
    const id = rule.id;
    if (seen.has(id)) {
      item
        .child('name')
        .error(
          'duplicate-alert-rule',
          `Alert rule name \`${id}\` is already used${taken.includes(id) ? ' (by a built-in rule: override it under `alerts.defaults` instead)' : ''}.`,
        );
      continue;
    }
    seen.add(id);
    out.push(rule);
  }
  return out;
}
