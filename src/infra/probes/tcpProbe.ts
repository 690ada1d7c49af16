import { connect } from 'node:net';
import type { ProbeSpec } from '../../core/config/model';
import type { ProbeContext, ProbeResult } from '../../core/ports';
import { errorCode, probeTimer } from './probeTimer';

type TcpProbe = Extract<ProbeSpec, { kind: 'tcp' }>;

/**
 * Ok when a TCP connection to host:port opens. Never throws. An opened connection is closed as any
 * client closes it (FIN), not with a reset (SO_LINGER 0): PostgreSQL logged `could not receive data
 * from client: Connection reset by peer` for every probe closed with a reset, and nothing for one
 * closed without data. The price is a TIME_WAIT socket on this side for 60 s per probe (240 for 20
 * services at the default 5 s): harmless on loopback, where the port range is 28,000 wide.
 */
export function tcpProbe(probe: TcpProbe, ctx: ProbeContext): Promise<ProbeResult> {
  const timer = probeTimer();
  const label = `tcp ${probe.host.includes(':') ? `[${probe.host}]` : probe.host}:${probe.port}`;
  return new Promise((resolve) => {
    if (ctx.signal.aborted) return resolve(timer.result(false, `${label} cancelled`));
    const socket = connect({ host: probe.host, port: probe.port });
    const finish = (ok: boolean, detail: string) => {
      clearTimeout(t);
      ctx.signal.removeEventListener('abort', onAbort);
      if (!ok) socket.destroy();
      else {
        // A FIN, then whatever the server says first is read and dropped until it closes: a close with
        // unread data (MySQL's, SSH's or SMTP's greeting) would be sent as a reset after all.
        const linger = setTimeout(() => socket.destroy(), 1000);
        linger.unref();
        socket.once('close', () => clearTimeout(linger));
        socket.on('error', () => undefined);
        socket.resume();
        socket.end();
      }
      resolve(timer.result(ok, detail));
    };
    const t = setTimeout(() => finish(false, `${label} timed out after ${ctx.timeoutMs} ms`), Math.max(1, ctx.timeoutMs));
    const onAbort = () => finish(false, `${label} cancelled`);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish(true, `${label} connected in ${timer.ms()} ms`));
    socket.once('error', (err) => {
      const code = errorCode(err);
      finish(false, `${label} ${code === 'ECONNREFUSED' ? 'refused' : code} after ${timer.ms()} ms`);
    });
  });
}
