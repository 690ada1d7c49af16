import type { ReapOutcome } from '../ports';
import { isLive } from '../../shared/statePredicates';
import { GONE_UNSTOPPED } from './observeService';
import type { ServiceStatus } from './state';

/**
 * What a `down` did, in words, from what was observed before it and what each stop did: only a
 * running instance is said to be `stopped`; an ended container's remains were `removed`, with how it
 * had ended; a service that was not running says so (and how it had ended, when known). Services
 * that were plainly stopped are named only when the user named them (`named`).
 */
export function describeDown(observed: readonly ServiceStatus[], did: ReadonlyMap<string, ReapOutcome>, named: boolean): string[] {
  const stopped: string[] = [];
  const lines: string[] = [];
  for (const s of observed) {
    const outcome = did.get(s.name) ?? false;
    if (outcome === 'stopped') stopped.push(s.name);
    else if (outcome === 'removed') lines.push(`removed ${s.name} (${hadEnded(s) ?? 'it had already ended'})`);
    else if (isLive(s.state)) lines.push(`${s.name} was not running any more`);
    else if (s.state !== 'stopped') lines.push(`${s.name} was not running (${hadEnded(s) ?? s.state})`);
    else if (named) lines.push(`${s.name} was not running`);
  }
  const all = [...(stopped.length ? [`stopped ${stopped.join(', ')}`] : []), ...lines];
  return all.length ? all : ['nothing was running'];
}

/** "had exited with code 137", "had completed", "had ended on its own (how is unknown)". */
function hadEnded(s: ServiceStatus): string | undefined {
  if (s.state === 'completed') return 'had completed';
  if (s.reason === GONE_UNSTOPPED) return 'it had ended on its own; how is unknown';
  if (!s.reason) return s.state === 'stopped' ? undefined : `had ${s.state}`;
  return /^(exited|killed|crashed)\b/.test(s.reason) ? `had ${s.reason}` : `${s.state}: ${s.reason}`;
}
