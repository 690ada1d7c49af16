/**
 * A deep copy of a parsed value with ordinary objects in place of the parser's null-prototype maps,
 * for values handed on as written (extensions, compose keys passed through). A `__proto__` key stays
 * an own property (defined, never assigned, so it cannot replace the prototype).
 */
export function toPlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toPlain);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) setOwn(out, k, toPlain((v as Record<string, unknown>)[k]));
  return out;
}

/** `obj[key] = value`, safe for any key: `__proto__` becomes an own property instead of a prototype swap. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** `obj[key]` for an own key only: `toString` or `constructor` never find Object.prototype's. */
export function getOwn<T>(obj: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}
