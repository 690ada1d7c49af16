/**
 * Part of `npm run bench:docker`: where the time goes. For start-up, per service: the wait for its
 * dependencies to be seen healthy, our scheduling of its start, the Docker calls (create, start,
 * exec probes, inspect ... through callDocker's observer), its real readiness (its port accepting,
 * checked from outside every 10 ms) and the lag from that to our `healthy`. For a kill: the kill
 * call, the daemon's `die` stamp, a separate `/events` listener, a separate `wait`, and our state change.
 */
import type Dockerode from 'dockerode';
import { connect } from 'node:net';
import type { StackEngine } from '../src/core/engine/StackEngine';
import { observeDockerCalls } from '../src/infra/docker/callDocker';

/** Epoch milliseconds with sub-millisecond precision (comparable with the daemon's timeNano). */
export const now = () => performance.timeOrigin + performance.now();

/** The Docker calls made while `fn` runs: durations by call name. */
export async function timeDockerCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: Map<string, number[]> }> {
  const calls = new Map<string, number[]>();
  observeDockerCalls((what, ms) => {
    const list = calls.get(what) ?? [];
    list.push(ms);
    calls.set(what, list);
  });
  try {
    return { result: await fn(), calls };
  } finally {
    observeDockerCalls(undefined);
  }
}

/** When each port first accepts a connection (epoch ms), polled from outside every 10 ms until `stop`. */
export function watchPorts(ports: Record<string, number>): { ready: Map<string, number>; stop(): void } {
  const ready = new Map<string, number>();
  let stopped = false;
  const tryOne = (name: string, port: number) => {
    if (stopped || ready.has(name)) return;
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      ready.set(name, now());
      s.destroy();
    });
    s.once('error', () => {
      s.destroy();
      setTimeout(() => tryOne(name, port), 10);
    });
  };
  for (const [name, port] of Object.entries(ports)) tryOne(name, port);
  return { ready, stop: () => (stopped = true) };
}

export interface HopTimes {
  /** Our start of the service after its last dependency was seen healthy (scheduling). */
  schedule: number;
  /** From our start to its port accepting, minus the service's own start-up delay: container create/start overhead. */
  launch: number;
  /** From its port accepting to our `healthy`: probe cadence and exec latency. */
  detect: number;
}

/** Per service, from the engine's transitions, the outside readiness times and each service's own delay. */
export function hopTimes(
  engine: StackEngine,
  t0: number,
  ready: Map<string, number>,
  dag: Record<string, [number, string[]]>,
): Map<string, HopTimes> {
  const st = new Map(engine.status().map((s) => [s.name, s]));
  const at = (name: string, to: string) => {
    const tr = st.get(name)?.transitions.filter((t) => t.to === to);
    return tr?.length ? tr[tr.length - 1].at : NaN;
  };
  const out = new Map<string, HopTimes>();
  for (const [name, [delay, deps]] of Object.entries(dag)) {
    const depsHealthy = deps.length ? Math.max(...deps.map((d) => at(d, 'healthy'))) : t0;
    const starting = at(name, 'starting');
    const real = ready.get(name) ?? NaN;
    out.set(name, { schedule: starting - depsHealthy, launch: real - starting - delay, detect: at(name, 'healthy') - real });
  }
  return out;
}

export interface KillTimes {
  /** The kill API call (request to answer). */
  call: number;
  /** kill sent -> the daemon's own `die` timestamp. */
  die: number;
  /** kill sent -> a separate /events listener got `die`. */
  events: number;
  /** kill sent -> a separate `wait` on the container returned. */
  wait: number;
  /** kill sent -> an inspect started at the `die` event returned (what the runner used to do). */
  inspect: number;
  /** kill sent -> Stackpilot's state of the service changed: the figure that counts. */
  state: number;
}

/** Kills `service`'s container through the API and times every way of noticing it. */
export async function killAndTime(docker: Dockerode, engine: StackEngine, service: string): Promise<KillTimes> {
  const id = engine.status().find((s) => s.name === service)!.instanceId!;
  const c = docker.getContainer(id);
  const events = (await docker.getEvents({
    filters: { type: ['container'], event: ['die'], container: [id] },
  })) as NodeJS.ReadableStream & {
    destroy(): void;
  };
  let dieStamp = NaN;
  let inspectAt = NaN;
  const eventAt = new Promise<number>((resolve) =>
    events.on('data', (b: Buffer) => {
      const t = now();
      const e = JSON.parse(b.toString().split('\n')[0]) as { timeNano?: number };
      dieStamp = (e.timeNano ?? NaN) / 1e6;
      void c.inspect().then(() => (inspectAt = now()));
      resolve(t);
    }),
  );
  const waited = c.wait().then(() => now());
  const changed = new Promise<number>((resolve) => {
    const sub = engine.onEvent((e) => {
      if (e.type === 'state' && e.service === service && e.transition.to !== 'healthy') {
        sub.dispose();
        resolve(now());
      }
    });
  });
  await new Promise((r) => setTimeout(r, 100)); // the listener's stream is open
  const k0 = now();
  await c.kill();
  const call = now() - k0;
  const [state, ev, wait] = await Promise.all([changed, eventAt, waited]);
  await new Promise((r) => setTimeout(r, 50));
  events.destroy();
  return { call, die: dieStamp - k0, events: ev - k0, wait: wait - k0, inspect: inspectAt - k0, state: state - k0 };
}
