import { COMPOSE_CONDITIONS, COMPOSE_DEPENDS_ON_KEYS } from './composeKeys';
import type { Dependency, DependencyCondition } from './model';
import { isPlainMap, type Reader } from './Reader';
import { didYouMean } from './suggest';

const NATIVE_CONDITIONS: Record<string, DependencyCondition> = {
  started: 'started',
  healthy: 'healthy',
  completed: 'completed',
  ...COMPOSE_CONDITIONS,
};

/**
 * `depends_on` / `dependsOn` in any of its forms: a list of names (= started), a map of
 * name -> condition (`healthy`, `started`, `completed`, or the compose names `service_healthy` ...),
 * or a map of name -> `{ condition, required, restart }` (compose long syntax; `restart: true` restarts
 * this service whenever that dependency restarts).
 */
export function parseDependsOn(r: Reader, compose: boolean): Dependency[] {
  if (r.value === undefined || r.value === null) return [];
  if (Array.isArray(r.value)) {
    return r.items().flatMap((item) => {
      const name = item.str();
      return name ? [{ service: name, condition: 'started' as const, required: true, location: item.loc }] : [];
    });
  }
  if (!isPlainMap(r.value)) {
    r.error('wrong-type', `\`${r.name}\` must be a list of service names or a map of service -> condition, got ${typeof r.value}.`);
    return [];
  }
  const valid = compose ? Object.keys(COMPOSE_CONDITIONS) : Object.keys(NATIVE_CONDITIONS);
  return r.entries().flatMap(([service, d]) => {
    const cond = isPlainMap(d.value) ? d.child('condition') : d;
    if (isPlainMap(d.value)) {
      d.checkKeys(COMPOSE_DEPENDS_ON_KEYS, `\`${d.name}\``);
    }
    const text = cond.value === undefined || cond.value === null ? 'service_started' : cond.str();
    if (text === undefined) return [];
    const condition = NATIVE_CONDITIONS[text];
    if (!condition || !valid.includes(text)) {
      cond.error(
        'bad-condition',
        `\`${cond.name}\` must be one of ${valid.map((c) => `\`${c}\``).join(', ')}, got \`${text}\`.${didYouMean(text, valid).replace(/ Valid:.*/, '')}`,
      );
      return [];
    }
    const required = isPlainMap(d.value) ? (d.child('required').bool(compose) ?? true) : true;
    const restart = isPlainMap(d.value) && d.child('restart').bool(compose) === true;
    return [{ service, condition, required, ...(restart ? { restart } : {}), location: d.keyLoc }];
  });
}
