import { DEFAULTS } from './defaults';
import type { RestartPolicy, RestartSpec } from './model';
import { isPlainMap, type Reader } from './Reader';
import { didYouMean } from './suggest';

const POLICIES: RestartPolicy[] = ['no', 'on-failure', 'always', 'unless-stopped'];
export const RESTART_KEYS = ['policy', 'maxRetries', 'backoffInitial', 'backoffMax', 'crashLoopCount', 'crashLoopWindow'] as const;

/**
 * `restart`: the short string form (`always`, `on-failure`, compose's `on-failure:5`, `no` / YAML
 * `false`) or the native map `{ policy, maxRetries, backoffInitial, backoffMax, crashLoopCount, crashLoopWindow }`.
 */
export function parseRestart(r: Reader): RestartSpec {
  const spec: RestartSpec = { ...DEFAULTS.restart };
  const v = r.value;
  if (v === undefined || v === null) return spec;
  const policyReader = isPlainMap(v) ? r.child('policy') : r;
  if (isPlainMap(v)) {
    r.checkKeys(RESTART_KEYS, `\`${r.name}\``);
    const n = (k: string) => r.child(k).num({ integer: true, min: 0 });
    const d = (k: string) => r.child(k).duration();
    const set = <K extends keyof RestartSpec>(k: K, x: RestartSpec[K] | undefined) => {
      if (x !== undefined) spec[k] = x;
    };
    set('maxRetries', n('maxRetries'));
    set('backoffInitial', d('backoffInitial'));
    set('backoffMax', d('backoffMax'));
    set('crashLoopCount', n('crashLoopCount'));
    set('crashLoopWindow', d('crashLoopWindow'));
  }
  // YAML reads an unquoted `no` as the string "no" (1.2) but some writers emit `false`.
  const raw = policyReader.value === false ? 'no' : policyReader.value === undefined ? 'no' : policyReader.str();
  if (raw === undefined) return spec;
  const m = /^(on-failure)(?::(\d+))?$/.exec(raw);
  const policy = (m ? m[1] : raw) as RestartPolicy;
  if (!POLICIES.includes(policy)) {
    policyReader.error(
      'bad-restart',
      `\`${policyReader.name}\` must be one of ${POLICIES.map((p) => `\`${p}\``).join(', ')}, got \`${raw}\`.${didYouMean(raw, POLICIES).replace(/ Valid:.*/, '')}`,
    );
    return spec;
  }
  spec.policy = policy;
  if (m?.[2] !== undefined) spec.maxRetries = Number(m[2]);
  return spec;
}
