import type { Silence } from './model';

/** Active silences: matching alerts keep their state but notify nobody until the silence ends. */
export class Silences {
  private readonly list = new Map<string, Silence>();
  private seq = 0;

  add(match: { ruleId?: string; service?: string }, durationMs: number, now: number, comment?: string): Silence {
    const s: Silence = { id: `silence-${++this.seq}`, ...match, until: now + durationMs, ...(comment ? { comment } : {}) };
    this.list.set(s.id, s);
    return s;
  }

  remove(id: string): boolean {
    return this.list.delete(id);
  }

  /** The silence covering this alert now, if any. Expired silences are dropped on the way. */
  match(ruleId: string, service: string | undefined, now: number): Silence | undefined {
    for (const [id, s] of this.list) {
      if (s.until <= now) {
        this.list.delete(id);
        continue;
      }
      if ((s.ruleId === undefined || s.ruleId === ruleId) && (s.service === undefined || s.service === service)) return s;
    }
    return undefined;
  }

  active(now: number): Silence[] {
    return [...this.list.values()].filter((s) => s.until > now);
  }
}
