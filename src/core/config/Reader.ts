import type { Diagnostics } from './Diagnostics';
import type { SourceLocation } from './model';
import { BYTE_SIZE_HINT, parseByteSize } from './parseByteSize';
import { DURATION_HINT, parseDuration } from './parseDuration';
import type { SourceIndex, TreePath } from './SourceIndex';
import { didYouMean } from './suggest';

export interface ReaderContext {
  index: SourceIndex;
  diags: Diagnostics;
}

export type Plain = Record<string, unknown>;

export const isPlainMap = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (isPlainMap(v)) return 'a map';
  if (typeof v === 'string') return `string "${v.length > 30 ? v.slice(0, 30) + '…' : v}"`;
  return `${typeof v} ${String(v)}`;
}

/**
 * Typed, located access to one node of a parsed config tree. Every wrong type or unknown key
 * becomes a diagnostic at the exact key or value, saying what was found and what would be right;
 * the accessor then returns undefined so loading can continue and report everything at once.
 */
export class Reader {
  constructor(
    readonly ctx: ReaderContext,
    readonly path: TreePath,
    readonly value: unknown,
  ) {}

  /** Dotted path for messages: `services.api.health.retries`. */
  get name(): string {
    return this.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : p))
      .join('.')
      .replace(/\.\[/g, '[');
  }

  get loc(): SourceLocation {
    return this.ctx.index.value(this.path);
  }

  get keyLoc(): SourceLocation {
    return this.ctx.index.key(this.path);
  }

  /** The value as written before interpolation (`${TOKEN}`, not the token), for labels and messages. */
  get written(): unknown {
    return this.ctx.index.raw(this.path) ?? this.value;
  }

  get isMap(): boolean {
    return isPlainMap(this.value);
  }

  child(key: string | number): Reader {
    const v = Array.isArray(this.value)
      ? this.value[key as number]
      : isPlainMap(this.value) && Object.prototype.hasOwnProperty.call(this.value, key)
        ? this.value[key]
        : undefined;
    return new Reader(this.ctx, [...this.path, key], v);
  }

  has(key: string): boolean {
    return isPlainMap(this.value) && Object.prototype.hasOwnProperty.call(this.value, key) && this.value[key] !== undefined;
  }

  keys(): string[] {
    return isPlainMap(this.value) ? Object.keys(this.value) : [];
  }

  entries(): [string, Reader][] {
    return this.keys().map((k) => [k, this.child(k)]);
  }

  items(): Reader[] {
    return Array.isArray(this.value) ? this.value.map((_, i) => this.child(i)) : [];
  }

  error(code: string, message: string, at: 'key' | 'value' = 'value'): void {
    this.ctx.diags.error(code, message, at === 'key' ? this.keyLoc : this.loc);
  }

  warn(code: string, message: string, at: 'key' | 'value' = 'value'): void {
    this.ctx.diags.warn(code, message, at === 'key' ? this.keyLoc : this.loc);
  }

  /** Reports keys not in `known` (x- keys are always allowed), with a did-you-mean. */
  checkKeys(known: readonly string[], where: string, severity: 'error' | 'warning' = 'error'): void {
    for (const k of this.keys()) {
      if (known.includes(k) || k.startsWith('x-')) continue;
      const msg = `Unknown key \`${k}\` in ${where}.${didYouMean(k, known)}`;
      if (severity === 'error') this.child(k).error('unknown-key', msg, 'key');
      else this.child(k).warn('unknown-key', msg, 'key');
    }
  }

  /** Requires a map here; reports and returns false otherwise. */
  expectMap(what = 'a map of settings'): boolean {
    if (this.isMap) return true;
    // The whole file: never quoted (a stack file that is a link to a key file, or binary).
    if (this.path.length === 0)
      this.error(
        'wrong-type',
        `The file must be ${what}, got ${typeof this.value === 'string' ? 'plain text, not YAML settings' : typeName(this.value)}.`,
      );
    else this.error('wrong-type', `\`${this.name}\` must be ${what}, got ${typeName(this.value)}.`);
    return false;
  }

  /** A string; numbers and booleans are accepted as text when `coerce` (compose scalars). */
  str(coerce = false): string | undefined {
    const v = this.value;
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (coerce && (typeof v === 'number' || typeof v === 'boolean')) return String(v);
    this.error('wrong-type', `\`${this.name}\` must be a string, got ${typeName(v)}.`);
    return undefined;
  }

  /** A number; numeric strings are accepted when `coerce`. */
  num(opts: { coerce?: boolean; integer?: boolean; min?: number } = {}): number | undefined {
    const v = this.value;
    if (v === undefined) return undefined;
    const n = typeof v === 'number' ? v : opts.coerce && typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
      this.error('wrong-type', `\`${this.name}\` must be a number, got ${typeName(v)}.`);
      return undefined;
    }
    if ((opts.integer && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min)) {
      this.error(
        'wrong-value',
        `\`${this.name}\` must be ${opts.integer ? 'a whole number' : 'a number'}${opts.min !== undefined ? ` of at least ${opts.min}` : ''}, got ${n}.`,
      );
      return undefined;
    }
    return n;
  }

  bool(coerce = false): boolean | undefined {
    const v = this.value;
    if (v === undefined) return undefined;
    if (typeof v === 'boolean') return v;
    if (coerce && typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    this.error('wrong-type', `\`${this.name}\` must be true or false, got ${typeName(v)}.`);
    return undefined;
  }

  duration(): number | undefined {
    const v = this.value;
    if (v === undefined || v === null) return undefined;
    const ms = typeof v === 'string' ? parseDuration(v) : v === 0 ? 0 : undefined;
    if (ms === undefined) this.error('wrong-type', `\`${this.name}\` must be ${DURATION_HINT}, got ${typeName(v)}.`);
    return ms;
  }

  bytes(): number | undefined {
    const v = this.value;
    if (v === undefined || v === null) return undefined;
    const b = typeof v === 'string' || typeof v === 'number' ? parseByteSize(v) : undefined;
    if (b === undefined) this.error('wrong-type', `\`${this.name}\` must be ${BYTE_SIZE_HINT}, got ${typeName(v)}.`);
    return b;
  }

  /** A list, or a single string taken as a one-item list when `single` (e.g. `envFile: .env`). */
  list(single = false): Reader[] | undefined {
    const v = this.value;
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return this.items();
    if (single && typeof v === 'string') return [this];
    this.error('wrong-type', `\`${this.name}\` must be a list${single ? ' or a single string' : ''}, got ${typeName(v)}.`);
    return undefined;
  }

  /** A list of strings (scalars coerced to text when `coerce`). */
  strings(opts: { single?: boolean; coerce?: boolean } = {}): string[] | undefined {
    const items = this.list(opts.single);
    if (!items) return undefined;
    return items.map((r) => r.str(opts.coerce)).filter((s): s is string => s !== undefined);
  }
}
