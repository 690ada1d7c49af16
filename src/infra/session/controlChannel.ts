import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  ACCEPTED,
  isAccepted,
  MAX_METRICS_REPLY_BYTES,
  MAX_REPLY_BYTES,
  MAX_REQUEST_BYTES,
  parseControlReply,
  parseControlRequest,
  SERVICE_OPS,
  type ControlArgs,
  type ControlOp,
  type ControlReply,
  type ControlRequest,
} from '../../core/control/controlRequest';
import { describeRequest, supersedes } from '../../core/control/supersedes';
import { readProcStat } from '../process/procStat';
import { stackIdOf } from '../process/processMarkers';
import type { LockHolder } from '../state/stackLock';
import { stackStateDir } from '../state/stateHome';
import { writeFileAtomicSync } from '../state/writeFileAtomicSync';

/**
 * The control channel of a stack's live supervisor (a foreground `stackpilot up`, or the editor
 * window holding the lock): a Unix socket through which another process asks it to stop the stack,
 * stop or restart services, so that exactly one process acts on a service at a time.
 *
 * Who may ask: the socket lives in the user's own 0700 state folder (or, when that path is too long
 * for a socket, a 0700 folder of the user's under the temp folder), is 0600, and every request must
 * carry a 256-bit token that only the endpoint file `control.json` (0600, beside the lock) holds:
 * knowing it proves the sender runs as the same user. The client checks the endpoint file and the
 * socket are the user's own, and that the file names the lock's live holder (pid + start time).
 * Requests are one bounded JSON line, validated (src/core/control) before anything acts; the
 * supervisor answers `accepted` at once and the result when done, one stop or restart at a time.
 */

export interface ControlHandler {
  /** The services the supervisor knows (requests naming others are refused). */
  services(): ReadonlySet<string>;
  /**
   * `signal`: aborted when a later request makes this one moot (a `down`, or a `stop` of its service,
   * after a `restart`): its reason says which, in words. Only stops, downs and restarts get one.
   */
  handle(request: ControlRequest, signal?: AbortSignal): Promise<ControlReply>;
}

export interface ControlServer {
  readonly socket: string;
  /**
   * Stops accepting requests and removes the endpoint; requests being handled get their replies out
   * (bounded). Not to be awaited from inside a handler (it would wait for itself, until the bound).
   */
  dispose(): Promise<void>;
}

interface Endpoint {
  version: 1;
  pid: number;
  startTime: string;
  socket: string;
  token: string;
}

/** How long a connection may take to send its request line. */
const REQUEST_TIMEOUT_MS = 5000;
/** Longest socket path Linux accepts (sun_path is 108 bytes, with its terminating NUL), with a margin. */
const MAX_SOCKET_PATH = 100;

const uid = () => process.getuid?.() ?? -1;

export const controlDir = (root: string, env: NodeJS.ProcessEnv = process.env): string => stackStateDir(stackIdOf(root), env);
const endpointFile = (dir: string) => join(dir, 'control.json');

/** A folder only this user can enter: created 0700, and refused if it is a link, someone else's, or open to others. */
function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory() || st.uid !== uid() || (st.mode & 0o077) !== 0)
    throw new Error(`${dir} is not a private folder of this user (a link, another owner, or open to others)`);
}

function socketPathFor(dir: string): string {
  const inDir = join(dir, 'control.sock');
  if (Buffer.byteLength(inDir) <= MAX_SOCKET_PATH) return inDir;
  const short = join(tmpdir(), `stackpilot-${uid()}`);
  privateDir(short);
  return join(short, `${basename(dir).slice(0, 32)}.sock`);
}

/** Serves the control channel of the stack in `dir` (its state folder) while this process holds its lock. */
export async function serveControl(dir: string, handler: ControlHandler, warn: (m: string) => void): Promise<ControlServer> {
  privateDir(dir);
  const socket = socketPathFor(dir);
  // This process holds the lock: a socket left at this path is a dead supervisor's.
  const old = fs.lstatSync(socket, { throwIfNoEntry: false });
  if (old?.isSocket()) fs.rmSync(socket, { force: true });
  const token = randomBytes(32).toString('hex');
  const tokenBytes = Buffer.from(token);
  let queue: Promise<unknown> = Promise.resolve();
  /** Stops, downs and restarts taken and not yet answered (queued or under way), to be cut short by a later one. */
  const serialOpen = new Set<{ request: ControlRequest; ac: AbortController }>();
  const writing = new Set<Promise<void>>();
  /** Requests being handled, until their reply is on its way. */
  const inFlight = new Set<Promise<void>>();

  // allowHalfOpen: a caller that ends its side after the request still gets the answer.
  const server = net.createServer({ allowHalfOpen: true }, (conn) => {
    let buf = '';
    let done = false;
    conn.setEncoding('utf8');
    conn.setTimeout(REQUEST_TIMEOUT_MS, () => conn.destroy());
    conn.on('error', () => undefined);
    const send = (v: unknown) => {
      const p = new Promise<void>((resolve) => {
        if (conn.destroyed) return resolve();
        conn.end(`${JSON.stringify(v)}\n`, () => resolve());
        conn.once('close', () => resolve());
      });
      writing.add(p);
      void p.then(() => writing.delete(p));
    };
    conn.on('data', (chunk: string) => {
      if (done) return;
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) {
        if (buf.length > MAX_REQUEST_BYTES) {
          done = true;
          send({ ok: false, error: `request over ${MAX_REQUEST_BYTES} bytes` });
        }
        return;
      }
      done = true;
      const parsed = parseControlRequest(buf.slice(0, nl), handler.services());
      if ('error' in parsed) return send({ ok: false, error: parsed.error });
      const given = Buffer.from(parsed.request.token);
      if (given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) return send({ ok: false, error: 'wrong token' });
      // Taken after its sender gave up (this process was paused): the sender said nothing was done.
      if (parsed.request.notAfter !== undefined && Date.now() > parsed.request.notAfter) {
        const { op, services, from } = parsed.request;
        warn(`${[op, ...services].join(' ')} requested by ${from} came after its sender had stopped waiting: not done`);
        return send({ ok: false, error: 'the request came after its sender had stopped waiting: nothing was done' });
      }
      conn.setTimeout(0);
      conn.write(`${JSON.stringify(ACCEPTED)}\n`);
      // Stops and restarts one at a time, in order; an acknowledge, a silence or a metrics read is
      // answered at once (it waits for no restart of a slow service).
      const serial = SERVICE_OPS.has(parsed.request.op);
      const run = serial ? inTurn(parsed.request) : handler.handle(parsed.request);
      const answered = run.then(send, (err: Error) => send({ ok: false, error: err.message }));
      inFlight.add(answered);
      void answered.then(() => inFlight.delete(answered));
    });
  });
  /**
   * A stop, down or restart in its turn, after those taken before it. A down, or a stop of its
   * service, first cuts short a restart under way (its wait for health) and one still queued (not
   * done at all), so that it is not held back behind them and nothing it stops is started after it.
   */
  function inTurn(request: ControlRequest): Promise<ControlReply> {
    for (const open of serialOpen)
      if (supersedes(request, open.request) && !open.ac.signal.aborted) open.ac.abort(describeRequest(request));
    const entry = { request, ac: new AbortController() };
    serialOpen.add(entry);
    const run = queue
      .then((): Promise<ControlReply> | ControlReply =>
        entry.ac.signal.aborted
          ? { ok: false, error: `not done: ${String(entry.ac.signal.reason)} came before its turn` }
          : handler.handle(request, entry.ac.signal),
      )
      .finally(() => serialOpen.delete(entry));
    queue = run.catch(() => undefined);
    return run;
  }

  server.on('error', (err) => warn(`control channel: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => {
      server.off('error', reject);
      resolve();
    });
  });
  fs.chmodSync(socket, 0o600);
  const me = (await readProcStat(process.pid))?.startTime ?? '0';
  const endpoint: Endpoint = { version: 1, pid: process.pid, startTime: me, socket, token };
  writeFileAtomicSync(endpointFile(dir), `${JSON.stringify(endpoint)}\n`);

  let disposed: Promise<void> | undefined;
  return {
    socket,
    dispose: () =>
      (disposed ??= (async () => {
        server.close();
        const now = readEndpoint(dir);
        if (now && now.pid === process.pid && now.token === token) fs.rmSync(endpointFile(dir), { force: true });
        const st = fs.lstatSync(socket, { throwIfNoEntry: false });
        if (st?.isSocket()) fs.rmSync(socket, { force: true });
        // A request being handled (the `down` this process is ending for) gets its reply out first, within bounds.
        const bound = new Promise((r) => setTimeout(r, 5000).unref());
        await Promise.race([Promise.all(inFlight), bound]);
        await Promise.race([Promise.all(writing), bound]);
      })()),
  };
}

function readEndpoint(dir: string): Endpoint | undefined {
  try {
    const file = endpointFile(dir);
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.uid !== uid() || (st.mode & 0o077) !== 0 || st.size > 4096) return undefined;
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Endpoint>;
    if (
      v.version !== 1 ||
      !Number.isSafeInteger(v.pid) ||
      typeof v.startTime !== 'string' ||
      typeof v.socket !== 'string' ||
      !v.socket.startsWith('/') ||
      typeof v.token !== 'string' ||
      !/^[0-9a-f]{64}$/.test(v.token)
    )
      return undefined;
    return v as Endpoint;
  } catch {
    return undefined;
  }
}

export type ControlResult =
  | { status: 'replied'; reply: ControlReply }
  /** No endpoint of this holder, or nothing listens: not (yet, or any more) serving. */
  | { status: 'no-channel'; why: string }
  /** Connected, but it did not take the request in time (paused, hung). */
  | { status: 'no-answer'; why: string }
  /** It took the request but did not finish within the time given. */
  | { status: 'timed-out'; why: string };

/**
 * Sends `op` to the supervisor `holder` of the stack in `dir` and waits for its answer: `acceptMs`
 * for it to take the request, `replyMs` for the result.
 */
export async function sendControl(
  dir: string,
  holder: LockHolder,
  op: ControlOp,
  services: readonly string[],
  opts: { from: string; acceptMs?: number; replyMs?: number; args?: ControlArgs },
): Promise<ControlResult> {
  const ep = readEndpoint(dir);
  if (!ep || ep.pid !== holder.pid || ep.startTime !== holder.startTime) return { status: 'no-channel', why: 'no control endpoint' };
  const st = fs.lstatSync(ep.socket, { throwIfNoEntry: false });
  if (!st?.isSocket() || st.uid !== uid()) return { status: 'no-channel', why: 'no control socket of this user' };
  const acceptMs = opts.acceptMs ?? 5000;
  const request: ControlRequest = {
    version: 1,
    token: ep.token,
    op,
    services: [...services],
    from: opts.from,
    ...(opts.args ? { args: opts.args } : {}),
    // Due well before this side gives up (1 s before, or half the wait when it is shorter), so that
    // `accepted` reaches it in time even on a loaded machine.
    notAfter: Date.now() + Math.max(acceptMs - Math.min(1000, acceptMs / 2), 1),
  };
  const maxReply = op === 'metrics' ? MAX_METRICS_REPLY_BYTES : MAX_REPLY_BYTES;
  return new Promise<ControlResult>((resolve) => {
    const conn = net.createConnection(ep.socket);
    let buf = '';
    let accepted = false;
    let settled = false;
    const finish = (r: ControlResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.destroy();
      resolve(r);
    };
    let timer = setTimeout(() => finish({ status: 'no-answer', why: 'it did not take the request' }), acceptMs);
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify(request)}\n`));
    conn.on('error', (err: NodeJS.ErrnoException) =>
      finish(
        accepted
          ? { status: 'timed-out', why: `the connection broke: ${err.message}` }
          : err.code === 'ECONNREFUSED' || err.code === 'ENOENT'
            ? { status: 'no-channel', why: 'nothing listens' }
            : { status: 'no-answer', why: err.message },
      ),
    );
    conn.on('close', () =>
      finish(accepted ? { status: 'timed-out', why: 'it closed the channel without a result' } : { status: 'no-answer', why: 'closed' }),
    );
    conn.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > maxReply) return finish({ status: 'no-answer', why: 'reply too long' });
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!accepted && isAccepted(line)) {
          accepted = true;
          clearTimeout(timer);
          timer = setTimeout(() => finish({ status: 'timed-out', why: 'no result in time' }), opts.replyMs ?? 300_000);
          continue;
        }
        const reply = parseControlReply(line, maxReply);
        finish(reply ? { status: 'replied', reply } : { status: 'no-answer', why: 'an unreadable reply' });
      }
    });
  });
}
