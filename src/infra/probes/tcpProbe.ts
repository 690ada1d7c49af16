import { connect } from 'node:net';
import type { ProbeSpec } from '../../core/config/model';
import type { ProbeContext, ProbeResult } from '../../core/ports';
import { errorCode, probeTimer } from './probeTimer';

type TcpProbe = Extract<ProbeSpec, { kind: 'tcp' }>;

/**
 * Ok when a TCP connection to host:port opens. Never throws. An opened connection is closed with a
 * reset (SO_LINGER 0), as Kubernetes' kubelet (kubernetes/kubernetes#115143) and EaseProbe close
 * theirs: no FIN exchange and no TIME_WAIT socket left for 60 s per probe (20 services probed every
 * second otherwise kept ~1,200 of them on the machine).
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
      if (ok) socket.resetAndDestroy();
      else socket.destroy();
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
