import type { ServiceKind } from '../config/model';
import type { Clock } from '../ports';
import { isLive } from '../../shared/statePredicates';
import type { EngineEvent, ServiceState, ServiceStatus, StateTransition } from './state';

/** Transitions kept per service: enough for a start-up timeline and a few restarts. */
export const MAX_TRANSITIONS = 100;

/** The status of one service: every state change becomes a timestamped transition and an event. */
export class StatusTracker {
  private readonly s: ServiceStatus;

  constructor(
    name: string,
    kind: ServiceKind,
    private readonly clock: Clock,
    private readonly emit: (e: EngineEvent) => void,
  ) {
    this.s = { name, kind, state: 'stopped', since: clock.now(), waitingOn: [], restarts: 0, adopted: false, transitions: [] };
  }

  get state(): ServiceState {
    return this.s.state;
  }

  get reason(): string | undefined {
    return this.s.reason;
  }

  /** A copy, safe to hand out. */
  snapshot(): ServiceStatus {
    return { ...this.s, waitingOn: [...this.s.waitingOn], transitions: [...this.s.transitions] };
  }

  /** Moves to `to` (a transition and an event when the state changes) and sets the reason. */
  set(to: ServiceState, reason?: string, opts: { restart?: boolean } = {}): void {
    const from = this.s.state;
    this.s.reason = reason;
    if (to !== 'waiting') this.s.waitingOn = [];
    if (from === to) return;
    const at = this.clock.now();
    const transition: StateTransition = reason === undefined ? { from, to, at } : { from, to, at, reason };
    if (opts.restart) transition.restart = true;
    this.s.state = to;
    this.s.since = at;
    // No instance runs any more: its last probe (and count of failures) describes nothing now.
    if (!isLive(to)) {
      delete this.s.lastProbe;
      delete this.s.probeFailures;
    }
    this.s.transitions.push(transition);
    if (this.s.transitions.length > MAX_TRANSITIONS) this.s.transitions.splice(0, this.s.transitions.length - MAX_TRANSITIONS);
    this.emit({ type: 'state', service: this.s.name, transition, status: this.snapshot() });
  }

  /**
   * Takes over what an earlier run knew of a service this tracker never saw (still `stopped`, no
   * transition): its state since then, reason and last exit. No transition (nothing happened in this
   * run), no event: it is read by the next status().
   */
  restore(to: ServiceState, since: number, p: { reason?: string; lastExit?: ServiceStatus['lastExit'] }): boolean {
    if (this.s.state !== 'stopped' || this.s.transitions.length > 0) return false;
    Object.assign(this.s, { state: to, since, reason: p.reason, lastExit: p.lastExit });
    return true;
  }

  /** Changes details without a transition (pid, last probe, waitingOn...). */
  patch(p: Partial<Omit<ServiceStatus, 'name' | 'kind' | 'state' | 'since' | 'transitions'>>): void {
    Object.assign(this.s, p);
  }
}
