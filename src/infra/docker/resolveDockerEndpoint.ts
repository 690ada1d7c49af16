import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Where the Docker API is, resolved the way the `docker` CLI resolves it. */
export type DockerEndpoint =
  | { kind: 'unix'; socketPath: string; source: string }
  | {
      kind: 'tcp';
      host: string;
      port: number; /** PEM texts. */
      tls?: { ca?: string; cert?: string; key?: string; verify: boolean };
      source: string;
    }
  | { kind: 'ssh'; host: string; port: number; username?: string; source: string };

export interface EndpointInputs {
  env: Record<string, string | undefined>;
  home: string;
  /** File text, or undefined when it does not exist (other errors throw). */
  readFile(path: string): string | undefined;
}

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/** A connection setting that cannot work: the message says which setting and why. */
export class DockerConfigError extends Error {}

/**
 * The CLI's order: DOCKER_HOST (then the "default" context) > DOCKER_CONTEXT > `currentContext`
 * in `$DOCKER_CONFIG/config.json` (default `~/.docker`) > the default socket. A named context is
 * read from `contexts/meta/<sha256(name)>/meta.json`, its TLS files from `contexts/tls/<sha256>/docker/`.
 * With DOCKER_HOST, TLS follows DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH as in the CLI.
 */
export function resolveDockerEndpoint(inp: EndpointInputs): DockerEndpoint {
  const configDir = inp.env.DOCKER_CONFIG || join(inp.home, '.docker');
  const host = inp.env.DOCKER_HOST;
  if (host) return parseHost(host, 'DOCKER_HOST', defaultTls(inp, configDir));
  const name = inp.env.DOCKER_CONTEXT || currentContext(inp, configDir);
  const source = inp.env.DOCKER_CONTEXT ? `DOCKER_CONTEXT=${name}` : `context "${name}" (${join(configDir, 'config.json')})`;
  if (!name || name === 'default') return parseHost(DEFAULT_DOCKER_HOST, 'the default socket', undefined);
  const id = createHash('sha256').update(name).digest('hex');
  const metaPath = join(configDir, 'contexts', 'meta', id, 'meta.json');
  const text = inp.readFile(metaPath);
  if (text === undefined)
    throw new DockerConfigError(
      `Docker context "${name}" (from ${source}) not found: no ${metaPath}. Run \`docker context ls\`, or set DOCKER_CONTEXT=default.`,
    );
  const meta = parseJson(text, metaPath) as { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
  const ep = meta.Endpoints?.docker;
  if (!ep?.Host) throw new DockerConfigError(`Docker context "${name}" has no docker endpoint Host in ${metaPath}`);
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const files = {
    ca: inp.readFile(join(tlsDir, 'ca.pem')),
    cert: inp.readFile(join(tlsDir, 'cert.pem')),
    key: inp.readFile(join(tlsDir, 'key.pem')),
  };
  const hasTls = files.ca !== undefined || files.cert !== undefined;
  return parseHost(ep.Host, `Docker context "${name}"`, hasTls || ep.SkipTLSVerify ? { ...files, verify: !ep.SkipTLSVerify } : undefined);
}

function currentContext(inp: EndpointInputs, configDir: string): string | undefined {
  const path = join(configDir, 'config.json');
  const text = inp.readFile(path);
  if (text === undefined) return undefined;
  const cfg = parseJson(text, path) as { currentContext?: unknown };
  return typeof cfg.currentContext === 'string' && cfg.currentContext ? cfg.currentContext : undefined;
}

type Tls = NonNullable<Extract<DockerEndpoint, { kind: 'tcp' }>['tls']>;

/** PEM texts from DOCKER_CERT_PATH (default the config dir), read only for a tcp host. */
function defaultTls(inp: EndpointInputs, configDir: string): (() => Tls) | undefined {
  // docker CLI: --tlsverify defaults to DOCKER_TLS_VERIFY != "", --tls to DOCKER_TLS != ""; either turns TLS on.
  const verify = !!inp.env.DOCKER_TLS_VERIFY;
  if (!verify && !inp.env.DOCKER_TLS) return undefined;
  const dir = inp.env.DOCKER_CERT_PATH || configDir;
  return () => {
    const read = (f: string) => inp.readFile(join(dir, f));
    const tls: Tls = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem'), verify };
    if (verify && tls.ca === undefined)
      throw new DockerConfigError(
        `DOCKER_TLS_VERIFY is set but ${join(dir, 'ca.pem')} does not exist (DOCKER_CERT_PATH=${inp.env.DOCKER_CERT_PATH ?? 'unset'})`,
      );
    return tls;
  };
}

/** Parses `unix://`, `tcp://`, `http(s)://`, `ssh://` hosts; anything else is a DockerConfigError. */
export function parseHost(raw: string, source: string, tls: Tls | (() => Tls) | undefined): DockerEndpoint {
  const bad = (why: string) => new DockerConfigError(`${source}: "${raw}" is not a valid Docker host: ${why}`);
  const m = /^([a-z]+):\/\/(.*)$/.exec(raw.trim());
  if (!m) throw bad('expected unix:///path/to/docker.sock, tcp://HOST:PORT or ssh://[USER@]HOST');
  const [, scheme, rest] = m;
  if (scheme === 'unix') {
    if (!rest.startsWith('/')) throw bad('the socket path must be absolute');
    return { kind: 'unix', socketPath: rest, source };
  }
  if (scheme === 'npipe' || scheme === 'fd') throw bad(`${scheme}:// is not supported on this platform`);
  if (scheme !== 'tcp' && scheme !== 'http' && scheme !== 'https' && scheme !== 'ssh') throw bad(`unknown scheme ${scheme}://`);
  let url: URL;
  try {
    url = new URL(`${scheme === 'ssh' ? 'ssh' : 'http'}://${rest}`);
  } catch {
    throw bad('cannot parse host and port');
  }
  if (!url.hostname) throw bad('no host name');
  if (scheme === 'ssh')
    return {
      kind: 'ssh',
      host: url.hostname,
      port: url.port ? Number(url.port) : 22,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      source,
    };
  if (url.pathname !== '/' && url.pathname !== '') throw bad('a tcp host takes no path');
  const t = typeof tls === 'function' ? tls() : (tls ?? (scheme === 'https' ? { verify: true } : undefined));
  const port = url.port ? Number(url.port) : t ? 2376 : 2375;
  return { kind: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port, ...(t ? { tls: t } : {}), source };
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DockerConfigError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** "unix:///var/run/docker.sock", "tcp://host:2376 (TLS)", for messages. */
export function describeEndpoint(ep: DockerEndpoint): string {
  if (ep.kind === 'unix') return `unix://${ep.socketPath}`;
  if (ep.kind === 'ssh') return `ssh://${ep.username ? `${ep.username}@` : ''}${ep.host}:${ep.port}`;
  return `tcp://${ep.host}:${ep.port}${ep.tls ? ' (TLS)' : ''}`;
}
