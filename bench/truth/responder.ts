/**
 * Whether a service answers, checked by the bench itself on its port, again and again (one check
 * in flight at a time, at most one started every 100 ms). A check still waiting after the probe's
 * timeout counts as not answering from that moment, so a hang is seen when it begins, not when the
 * check finally gives up.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import type { Check } from './stack';

export class Responder {
  private last: { ok: boolean; at: number } | undefined;
  private inFlightSince: number | undefined;
  private stopped = false;

  constructor(
    private readonly check: Check,
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
  }

  /** undefined before the first answer. */
  answering(now: number): boolean | undefined {
    if (this.inFlightSince !== undefined && now - this.inFlightSince > this.timeoutMs) return false;
    return this.last?.ok;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const began = Date.now();
      this.inFlightSince = began;
      const ok = await once(this.check, this.port, 10_000);
      this.inFlightSince = undefined;
      // A check slower than the timeout is a failed one, even when it ends with an answer.
      this.last = { ok: ok && Date.now() - began <= this.timeoutMs, at: Date.now() };
      await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - began))));
    }
  }
}

function once(check: Check, port: number, hardLimitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    let abort = () => undefined as void;
    const timer = setTimeout(() => {
      abort();
      finish(false);
    }, hardLimitMs);
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(ok);
    };
    if (check === 'http') {
      const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
        res.resume();
        res.on('end', () => finish(res.statusCode === 200));
        res.on('error', () => finish(false));
      });
      req.on('error', () => finish(false));
      abort = () => void req.destroy();
      return;
    }
    const sock = net.connect({ host: '127.0.0.1', port });
    abort = () => void sock.destroy();
    sock.on('error', () => finish(false));
    if (check === 'tcp') {
      sock.on('connect', () => {
        sock.destroy();
        finish(true);
      });
      return;
    }
    let got = '';
    sock.on('connect', () => sock.write(check === 'redis' ? 'PING\r\n' : 'PING\n'));
    sock.on('data', (d) => {
      got += String(d);
      if (got.includes('PONG')) {
        sock.destroy();
        finish(true);
      }
    });
    sock.on('close', () => finish(false));
  });
}
