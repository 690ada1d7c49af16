/**
 * The daemon's own message without dockerode's "(HTTP code 400) unexpected - " prefix, and for
 * a container that cannot start only runc's reason: `exec: "x": executable file not found in $PATH`.
 */
export function dockerMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  let msg = (e.json?.message ?? e.message ?? String(err)).replace(/^\(HTTP code \d+\)[^-]*- /, '').trim();
  const oci = /unable to start container process: (.*?)(: unknown)?$/.exec(msg);
  if (oci) msg = oci[1];
  return msg;
}
