import type { ProbeSpec } from './model';

/**
 * A URL as people may see it: no userinfo (`user:password@`), no query string or fragment (`?token=`
 * is where secrets go), the rest as given. Works on text that is not a valid URL too.
 */
export function redactUrl(text: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)([?#].*)?$/s.exec(text);
  if (!m) return text.replace(/[?#].*$/s, (q) => (q ? '?…' : ''));
  const [, scheme, authority, path, rest] = m;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return `${scheme}${host}${path}${rest ? '?…' : ''}`;
}

/** One line of a command for labels: long ones shortened. */
const shorten = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/**
 * The label of a probe built from what the stack file says (`written`: the URL, command or target
 * before interpolation), so it shows `${REDIS_PASSWORD}`, never the password.
 */
export function probeLabelFrom(probe: ProbeSpec, written: unknown): string {
  switch (probe.kind) {
    case 'http':
      return `${probe.method ?? 'GET'} ${urlPath(typeof written === 'string' ? written : probe.url)}`;
    case 'tcp':
      return `tcp ${typeof written === 'string' && written.includes('$') ? written : `${probe.host}:${probe.port}`}`;
    case 'exec':
      return shorten(
        Array.isArray(written) ? written.map(String).join(' ') : typeof written === 'string' ? written : commandText(probe.command),
      );
    case 'log':
      return `log /${shorten(probe.pattern)}/`;
  }
}

const commandText = (c: string[] | string) => (Array.isArray(c) ? c.join(' ') : c);

/** The probe's label: the one the loader built, else one from the spec itself (URLs still redacted). */
export function probeLabel(probe: ProbeSpec): string {
  if (probe.label !== undefined) return probe.label;
  return probeLabelFrom(probe, undefined);
}

/** The path of a URL for a label (`/health`, `/health?…` when it has a query), redacted as redactUrl. */
function urlPath(text: string): string {
  const r = redactUrl(text);
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*(.*)$/s.exec(r);
  return m ? m[1] || '/' : r;
}
