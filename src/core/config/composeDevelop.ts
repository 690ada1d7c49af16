import { posix } from 'node:path';
import type { ComposeWatchAction, ComposeWatchRule } from './model';
import type { Reader } from './Reader';

const ACTIONS: readonly ComposeWatchAction[] = ['sync', 'sync+restart', 'restart', 'rebuild'];
const RULE_KEYS = ['action', 'path', 'target', 'ignore', 'include', 'initial_sync', 'exec'];
const MAX_RULES = 100;

/**
 * `develop.watch` of a compose service, as the Compose Specification defines it: `path` relative to
 * the project folder (a file or a folder, watched recursively, no globs), `target` in the container
 * for the sync actions, `ignore` patterns relative to `path`, `initial_sync`. `sync+exec` and
 * `include` are reported as not supported; a rule that cannot work is reported and left out.
 */
export function composeDevelopWatch(develop: Reader, projectDir: string): ComposeWatchRule[] | undefined {
  if (develop.value === undefined || develop.value === null) return undefined;
  if (!develop.expectMap('a map with `watch: [...]`')) return undefined;
  develop.checkKeys(['watch'], '`develop`', 'warning');
  const items = develop.child('watch').list();
  if (!items) return undefined;
  if (items.length > MAX_RULES) {
    develop.child('watch').error('wrong-value', `\`develop.watch\` has ${items.length} rules; at most ${MAX_RULES}.`);
    return undefined;
  }
  const rules = items.map((r) => rule(r, projectDir)).filter((r): r is ComposeWatchRule => r !== undefined);
  return rules.length ? rules : undefined;
}

function rule(r: Reader, projectDir: string): ComposeWatchRule | undefined {
  if (!r.expectMap('a watch rule (`action`, `path`, `target`, ...)')) return undefined;
  r.checkKeys(RULE_KEYS, 'a `develop.watch` rule');
  const action = r.child('action').str();
  if (action === undefined) {
    if (!r.has('action')) r.error('wrong-value', `A \`develop.watch\` rule needs \`action\`: one of ${ACTIONS.join(', ')}.`);
    return undefined;
  }
  if (!(ACTIONS as readonly string[]).includes(action)) {
    const msg =
      action === 'sync+exec'
        ? '`sync+exec` is not supported by Stackpilot yet: use `sync+restart`, or `sync` and restart by hand.'
        : `\`action\` must be one of ${ACTIONS.join(', ')} (got \`${action}\`).`;
    r.child('action').error(action === 'sync+exec' ? 'unsupported' : 'wrong-value', msg);
    return undefined;
  }
  if (r.has('include'))
    r.child('include').warn(
      'unsupported',
      '`include` is not supported by Stackpilot yet: every file under `path` that `ignore` does not exclude counts.',
      'key',
    );
  const pathText = r.child('path').str();
  if (pathText === undefined) {
    if (!r.has('path')) r.error('wrong-value', 'A `develop.watch` rule needs `path`: a file or folder relative to the compose file.');
    return undefined;
  }
  const path = posix.resolve(projectDir, pathText);
  if (path === '/') {
    r.child('path').error('wrong-value', '`path: /` would watch the whole disk: point it at the source folder.');
    return undefined;
  }
  const sync = action === 'sync' || action === 'sync+restart';
  const target = r.child('target').str();
  if (sync && target === undefined) {
    r.error('wrong-value', `\`action: ${action}\` needs \`target\`: where \`${pathText}\` goes in the container, e.g. \`target: /app\`.`);
    return undefined;
  }
  if (target !== undefined && !target.startsWith('/')) {
    r.child('target').error('wrong-value', `\`target\` must be an absolute path in the container (got \`${target}\`).`);
    return undefined;
  }
  const ignore = (r.child('ignore').strings({ single: true }) ?? []).map((g) => g.replace(/^\.\//, '').replace(/\/$/, '')).filter(Boolean);
  return {
    action: action as ComposeWatchAction,
    path,
    ...(target !== undefined ? { target: posix.normalize(target) } : {}),
    ignore,
    initialSync: r.child('initial_sync').bool() ?? false,
    location: r.keyLoc,
  };
}
