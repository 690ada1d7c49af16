import type { Diagnostics } from '../config/Diagnostics';
import type { StackConfig } from '../config/model';
import { Reader } from '../config/Reader';
import { SourceIndex, type TreePath } from '../config/SourceIndex';
import { foldBuiltInRules } from './foldBuiltInRules';
import type { MonitorConfig } from './MonitorConfig';
import { parseAlertRules, parseServiceAlerts, readPattern } from './parseAlertRules';
import { parsePrometheus, parseWebhooks } from './parseWebhooks';

export type { MonitorConfig } from './MonitorConfig';

export const MONITORING_KEYS = ['slaTarget', 'uptimeWindow', 'errorPattern', 'diskPath', 'interval', 'webhooks', 'prometheus'] as const;

/**
 * Where the settings are written, for exact locations: the native file's index (top-level
 * `alerts:` / `monitoring:`), and per service the index and path of its `alerts` node (native
 * `services.NAME.alerts`, or compose `services.NAME.x-stackpilot.alerts` in the compose file).
 */
export interface MonitorSources {
  index?: SourceIndex;
  services?: Record<string, { index: SourceIndex; path: TreePath }>;
}

/**
 * Reads `monitoring:` and `alerts:` (stack level) and each service's `alerts` (native) or
 * `x-stackpilot.alerts` (compose) from a loaded config. Pass the native file's SourceIndex for
 * exact locations; without it problems point at the stack file / the service definition.
 */
export function readMonitorConfig(config: StackConfig, diags: Diagnostics, where?: SourceIndex | MonitorSources): MonitorConfig {
  const sources: MonitorSources = where instanceof SourceIndex ? { index: where } : (where ?? {});
  const index = sources.index;
  const names = Object.keys(config.services);
  const topIndex = index ?? new SourceIndex({ file: config.files[0] ?? config.root, line: 1, column: 1 });
  const top = new Reader({ index: topIndex, diags }, [], config.extensions);
  const m = top.child('monitoring');
  const out: MonitorConfig = {
    rules: parseAlertRules(top.child('alerts'), names),
    slaTarget: 99.9,
    uptimeWindowMs: 3_600_000,
    intervalMs: 1000,
    errorPatterns: {},
    memoryLimits: {},
    webhooks: [],
  };
  if (m.value !== undefined && m.value !== null && m.expectMap('a map of monitoring settings')) {
    m.checkKeys(MONITORING_KEYS, '`monitoring`');
    const sla = m.child('slaTarget');
    const target = typeof sla.value === 'string' ? Number(sla.value.replace(/%$/, '')) : sla.num();
    if (target !== undefined && (!Number.isFinite(target) || target <= 0 || target > 100))
      sla.error('wrong-value', '`monitoring.slaTarget` must be a percentage between 0 and 100, like `99.9` or `"99.9%"`.');
    else if (target !== undefined) out.slaTarget = target;
    out.uptimeWindowMs = m.child('uptimeWindow').duration() ?? out.uptimeWindowMs;
    out.intervalMs = Math.max(100, m.child('interval').duration() ?? out.intervalMs);
    const disk = m.child('diskPath').str();
    if (disk !== undefined) out.diskPath = disk;
    const re = m.child('errorPattern').value === undefined ? undefined : readPattern(m.child('errorPattern'));
    if (re) out.errorPattern = re;
    out.webhooks = parseWebhooks(m.child('webhooks'));
    const prometheus = parsePrometheus(m.child('prometheus'));
    if (prometheus) out.prometheus = prometheus;
  }
  const taken = out.rules.map((r) => r.id);
  const disabled = new Map<string, string[]>();
  for (const spec of Object.values(config.services)) {
    const native = spec.extensions.alerts;
    const at =
      sources.services?.[spec.name] ??
      (index && native !== undefined
        ? { index, path: ['services', spec.name, 'alerts'] }
        : { index: new SourceIndex(spec.location), path: ['services', spec.name, 'alerts'] });
    const sa = parseServiceAlerts(new Reader({ index: at.index, diags }, at.path, native), spec.name, names, taken);
    out.rules.push(...sa.rules);
    if (sa.errorPattern) out.errorPatterns[spec.name] = sa.errorPattern;
    const limit = sa.memoryLimitBytes ?? (spec.kind === 'docker' ? spec.memLimitBytes : undefined);
    if (limit !== undefined) out.memoryLimits[spec.name] = limit;
    for (const id of sa.disable) disabled.set(id, [...(disabled.get(id) ?? []), spec.name]);
  }
  for (const [id, off] of disabled) {
    for (const rule of out.rules) if (rule.id === id) rule.services = (rule.services ?? names).filter((s) => !off.includes(s));
  }
  // A service whose latency (or memory) a user rule watches gets that rule's alert, not the built-in anomaly beside it.
  foldBuiltInRules(out.rules, names);
  return out;
}
