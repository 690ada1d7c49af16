import { COMPOSE_HEALTHCHECK_KEYS } from './composeKeys';
import { DEFAULTS } from './defaults';
import type { DockerService, HealthSpec } from './model';
import type { Reader } from './Reader';

type ComposeHealthcheck = NonNullable<DockerService['composeHealthcheck']>;

/**
 * A compose `healthcheck`: the declared check (for the container) and the Stackpilot health spec that
 * mirrors it as an exec probe inside the container, with docker's defaults (30s / 30s / 3 / 0).
 * `test` may be a list (`["CMD", ...]`, `["CMD-SHELL", "..."]`, `["NONE"]`) or a string (shell form).
 * With no `test` the image's own HEALTHCHECK applies, which Stackpilot cannot see: no mirrored probe.
 */
const shortLabel = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

export function composeHealthcheck(r: Reader): { declared?: ComposeHealthcheck; health?: HealthSpec } {
  if (r.value === undefined || r.value === null || !r.expectMap('a map with `test`, `interval`, `timeout`, `retries`, `start_period`'))
    return {};
  r.checkKeys(COMPOSE_HEALTHCHECK_KEYS, `\`${r.name}\``);
  const t = r.child('test');
  let test: string[] = [];
  if (typeof t.value === 'string') test = ['CMD-SHELL', t.value];
  else if (Array.isArray(t.value)) test = t.strings({ coerce: true }) ?? [];
  else if (t.value !== undefined)
    t.error(
      'wrong-type',
      `\`${t.name}\` must be a list like \`["CMD", "pg_isready"]\` / \`["CMD-SHELL", "curl -f http://localhost"]\` or a shell command string.`,
    );
  if (test.length > 0 && !['CMD', 'CMD-SHELL', 'NONE'].includes(test[0])) {
    t.error(
      'bad-healthcheck',
      `\`${t.name}\` must start with "CMD", "CMD-SHELL" or "NONE", got "${test[0]}". Write ["CMD-SHELL", "${test.join(' ')}"] to run it in a shell.`,
    );
    test = [];
  }
  const declared: ComposeHealthcheck = { test };
  const set = <K extends keyof ComposeHealthcheck>(k: K, v: ComposeHealthcheck[K] | undefined) => {
    if (v !== undefined) declared[k] = v;
  };
  set('interval', r.child('interval').duration());
  set('timeout', r.child('timeout').duration());
  set('retries', r.child('retries').num({ integer: true, min: 0 }));
  set('startPeriod', r.child('start_period').duration());
  set('startInterval', r.child('start_interval').duration());
  set('disable', r.child('disable').bool());
  if (declared.disable || test[0] === 'NONE' || test.length < 2) return { declared };
  const command = test[0] === 'CMD' ? test.slice(1) : test.slice(1).join(' ');
  // The label from the test as written: `${DB_PASSWORD}` is shown as that, never expanded.
  const written =
    typeof t.value === 'string'
      ? [String(t.written)]
      : t
          .items()
          .map((i) => String(i.written ?? ''))
          .slice(1);
  const label = shortLabel(written.join(' '));
  const d = DEFAULTS.dockerHealth;
  const health: HealthSpec = {
    probe: { kind: 'exec', command, in: 'container', label },
    interval: declared.interval || d.interval,
    timeout: declared.timeout || d.timeout,
    retries: declared.retries ?? d.retries,
    startPeriod: declared.startPeriod ?? d.startPeriod,
    ...(declared.startInterval !== undefined ? { startInterval: declared.startInterval } : {}),
  };
  return { declared, health };
}
