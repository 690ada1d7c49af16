/**
 * Whether an HTTP `Host` header names this machine's loopback. The Prometheus endpoint binds
 * 127.0.0.1, but a web page could still reach it through DNS rebinding (evil.example resolving to
 * 127.0.0.1): such a request carries the page's host name, and is refused.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === '127.0.0.1' || name.toLowerCase() === 'localhost' || name === '[::1]';
}
