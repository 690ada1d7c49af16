/**
 * Where an idle supervisor's CPU goes, from a V8 CPU profile (node --cpu-prof) of its bundle built
 * readable: every on-CPU sample is given to the innermost frame on its stack that names one of our
 * parts (a probe, the pause check, the live status file, ...), so time spent in Node's internals
 * and in system calls counts for the part of ours that asked for it. System calls made by the main
 * thread are sampled like any code (their kernel time included); libuv's thread pool and V8's own
 * threads are not in a profile at all.
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Innermost match wins; the order only matters for a frame that matches two rules. */
const PARTS: [string, RegExp][] = [
  [
    'tcp/http probes: connect, close (kernel handshake included)',
    /^(tcpProbe|httpProbe|afterConnect|internalConnect|Socket\._destroy|closeSocketHandle|resetAndDestroy)$/,
  ],
  [
    'probe scheduling (health loop, timeouts, results)',
    /^(probeOnce|runProbe|probeTimer|NodeProbeRunner|run|count|judge|schedule|result|onProbe)$/,
  ],
  ['pause check (/proc/<pid>/stat, 4 per second per service)', /^(paused|watchPause|check|ProcStateReader|state)$/],
  ['live status file (status.json)', /^(writeFileAtomicSync|liveStatusOf|publishLiveStatus|write)$/],
  ['monitor collectors (/proc trees, host)', /^(collect|sample|scanProc|readStat|treeOf|indexProc|cpu|diskFree|memInfo)$/],
  ['alert evaluation', /^(evaluate|evaluateRule|AlertEngine)$/],
  ['metrics store (engine events, samples)', /^(handle|sampleService|sampleHost|record|push|add)$/],
  ['log following', /^(drain|poke|split|LogFollower)$/],
];

export interface Breakdown {
  /** On-CPU sampled time within the window, µs. */
  busyUs: number;
  parts: { part: string; us: number }[];
}

/** `bundle`: the path of the profiled bundle (its frames carry our function names). */
export function profileBreakdown(file: string, bundle: string, fromUs = -Infinity, toUs = Infinity): Breakdown {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const bundleUrl = pathToFileURL(bundle).href;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const partOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = partOf.get(id);
    if (known) return known;
    const leaf = byId.get(id)!.callFrame;
    let part: string | undefined;
    if (leaf.functionName === '(garbage collector)') part = 'garbage collection';
    else if (leaf.functionName === '(program)') part = 'V8 and Node outside JavaScript (program)';
    for (let x: number | undefined = id; !part && x !== undefined; x = parent.get(x)) {
      const { functionName, url } = byId.get(x)!.callFrame;
      // Our names are matched in our bundle only (Node has its own `write`, `push`, `run`...);
      // in Node's code only the socket calls of a probe.
      const rules = url === bundleUrl ? PARTS : PARTS.slice(0, 1);
      part = rules.find(([, re]) => re.test(functionName))?.[0];
    }
    part ??= /timers/.test(leaf.url) ? 'timers' : 'other (event loop, promises, IPC)';
    partOf.set(id, part);
    return part;
  };
  const us = new Map<string, number>();
  let busyUs = 0;
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    if (t < fromUs || t > toUs) continue;
    const id = p.samples[i];
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const d = p.timeDeltas[i + 1] ?? 0;
    const part = classify(id);
    us.set(part, (us.get(part) ?? 0) + d);
    busyUs += d;
  }
  return { busyUs, parts: [...us].map(([part, v]) => ({ part, us: v })).sort((a, b) => b.us - a.us) };
}
