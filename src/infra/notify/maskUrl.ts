/**
 * A webhook URL is a credential (Slack's path is the token): logs show only scheme and host.
 * `scrub` removes the URL, and its path alone, from any text about to be logged (error messages).
 */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/***`;
  } catch {
    return '***';
  }
}

export function scrub(text: string, url: string): string {
  const masked = maskUrl(url);
  let out = text.split(url).join(masked);
  try {
    const u = new URL(url);
    const secret = `${u.pathname}${u.search}`;
    if (secret.length > 1) out = out.split(secret).join('/***');
    if (u.password) out = out.split(u.password).join('***');
  } catch {
    // not a URL: nothing more to hide than the whole string
  }
  return out;
}
