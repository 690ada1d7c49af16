import type { ProbeRunner, ProbeResult } from '../ports';

/** What a service shows when it could only be looked at, not checked: the workspace is not trusted. */
export const NOT_CHECKED_UNTRUSTED = 'not checked: workspace not trusted';

/** The error a restricted engine's runners throw instead of starting anything. */
export class RestrictedModeError extends Error {
  constructor(what: string) {
    super(`${what}: the workspace is not trusted (Restricted Mode), so Stackpilot runs nothing from it`);
    this.name = 'RestrictedModeError';
  }
}

/** Probes that never run: in Restricted Mode no exec, http, tcp or log probe is sent. */
export const refusingProbes: ProbeRunner = {
  run: (): Promise<ProbeResult> => Promise.resolve({ ok: false, latencyMs: 0, at: Date.now(), detail: NOT_CHECKED_UNTRUSTED }),
};
