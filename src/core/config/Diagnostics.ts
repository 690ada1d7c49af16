import type { ConfigDiagnostic, Severity, SourceLocation } from './model';
import { quietText } from './quietText';

/**
 * Values this short are not masked: a port, `true` or a word is no secret, and masking it would
 * rewrite every mention of it in a message.
 */
export const MIN_MASKED_LENGTH = 6;
/** A quoted prefix of a substituted value this long (a message that cuts a long value short) is masked too. */
const PREFIX = 8;

/**
 * Collects config problems while loading; every one carries a location. Messages are quiet: a
 * value that interpolation substituted (from `.env` or the environment, possibly a secret) is shown
 * as the `${NAME}` it came from, wherever a message would quote it, whole or cut short; control,
 * bidi and invisible characters are written as code points.
 */
export class Diagnostics {
  readonly list: ConfigDiagnostic[] = [];
  /** Substituted value -> the variable it came from. */
  private readonly substituted = new Map<string, string>();
  private readonly said = new Set<string>();

  error(code: string, message: string, location: SourceLocation): void {
    this.add('error', code, message, location);
  }

  warn(code: string, message: string, location: SourceLocation): void {
    this.add('warning', code, message, location);
  }

  info(code: string, message: string, location: SourceLocation): void {
    this.add('info', code, message, location);
  }

  /** `value` came from variable `name` by interpolation: no message may quote it. */
  substitutedValue(name: string, value: string): void {
    if (value.length >= MIN_MASKED_LENGTH && !this.substituted.has(value)) this.substituted.set(value, name);
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }

  private add(severity: Severity, code: string, message: string, location: SourceLocation): void {
    const text = quietText(this.mask(message));
    // The same problem met again (a file included along several paths) is said once.
    const key = `${location.file}:${location.line}:${location.column}:${code}:${text}`;
    if (this.said.has(key)) return;
    this.said.add(key);
    this.list.push({ severity, code, message: text, location });
  }

  /** `message` with every substituted value, and every quoted prefix of one, replaced by `${NAME}`. */
  private mask(message: string): string {
    if (this.substituted.size === 0) return message;
    // Longest first: a value that holds another is masked whole.
    const values = [...this.substituted.keys()].sort((a, b) => b.length - a.length);
    let out = message;
    for (const value of values) {
      const lead = value.slice(0, PREFIX);
      let at = out.indexOf(lead);
      while (at >= 0) {
        let n = lead.length;
        while (n < value.length && out[at + n] === value[n]) n++;
        const ref = `\${${this.substituted.get(value)!}}`;
        out = out.slice(0, at) + ref + out.slice(at + n);
        at = out.indexOf(lead, at + ref.length);
      }
    }
    return out;
  }
}
