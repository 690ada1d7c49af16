/**
 * The file name (without `.out.log` / `.err.log`) under `.stackpilot/logs/` that holds a service's
 * output. A plain ASCII name is used as written (the logs of earlier runs keep their names); any
 * other name — `数据库`, `a b`, `datenbank-ü`, a name longer than a file name may be — becomes its
 * safe characters plus a hash of the whole name, so two names never share a file (`数据库` and
 * `服务器` both wrote `___.out.log`) and no name is too long for the file system.
 */
export function logFileBase(service: string): string {
  if (/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/.test(service)) return service;
  const safe = service
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 60);
  return `${safe}-${fnv1a(service)}`;
}

/** FNV-1a over the name's UTF-16 code units, 32 bits as 8 hex digits: distinct names of one stack do not meet. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
