/**
 * A strict parser for the Prometheus text exposition format (version 0.0.4), for tests: it throws on
 * anything a Prometheus server would reject or that breaks the format's rules (names, label
 * escaping, values, TYPE/HELP placement, families split apart, duplicate series, histogram bucket
 * order and +Inf = _count). Stand-in until a parser package is a devDependency.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help?: string;
  samples: Sample[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'] as const;

export function parsePromText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const done = new Set<string>();
  const seen = new Set<string>();
  let current: Family | undefined;
  const fail = (n: number, why: string, line: string): never => {
    throw new Error(`exposition line ${n + 1}: ${why}: ${JSON.stringify(line)}`);
  };
  const family = (name: string, n: number, line: string): Family => {
    if (current?.name === name) return current;
    if (done.has(name) || families.has(name)) fail(n, `family ${name} is split apart`, line);
    if (current) done.add(current.name);
    current = { name, type: 'untyped', samples: [] };
    families.set(name, current);
    return current;
  };
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, n) => {
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!m) return; // a plain comment
      const [, kind, name, rest = ''] = m;
      if (!METRIC.test(name) || METRIC.exec(name)![0] !== name) fail(n, 'bad metric name', line);
      const f = family(name, n, line);
      if (kind === 'HELP') {
        if (f.help !== undefined) fail(n, 'second HELP', line);
        f.help = unescape(rest, false, () => fail(n, 'bad escape in HELP', line));
      } else {
        if (f.samples.length > 0) fail(n, 'TYPE after samples', line);
        if (!(TYPES as readonly string[]).includes(rest)) fail(n, 'unknown TYPE', line);
        f.type = rest as Family['type'];
      }
      return;
    }
    const name = METRIC.exec(line)?.[0] ?? fail(n, 'bad metric name', line);
    let rest = line.slice(name.length);
    const labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      rest = rest.slice(1);
      while (!rest.startsWith('}')) {
        const l = LABEL.exec(rest)?.[0] ?? fail(n, 'bad label name', line);
        if (l in labels) fail(n, `label ${l} twice`, line);
        rest = rest.slice(l.length);
        if (!rest.startsWith('="')) fail(n, 'label without ="', line);
        let i = 2;
        let raw = '';
        for (; i < rest.length && rest[i] !== '"'; i++) {
          if (rest[i] === '\\') raw += rest[i++];
          raw += rest[i];
        }
        if (i >= rest.length) fail(n, 'unterminated label value', line);
        labels[l] = unescape(raw, true, () => fail(n, 'bad escape in label value', line));
        rest = rest.slice(i + 1);
        if (rest.startsWith(',')) rest = rest.slice(1);
        else if (!rest.startsWith('}')) fail(n, 'expected , or }', line);
      }
      rest = rest.slice(1);
    }
    const parts = rest.split(' ').filter((p) => p !== '');
    if (!rest.startsWith(' ') || parts.length < 1 || parts.length > 2) fail(n, 'expected " value [timestamp]"', line);
    const value = parseValue(parts[0]) ?? fail(n, 'bad value', line);
    if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) fail(n, 'bad timestamp', line);
    const base = current && (name === current.name || suffixed(current, name)) ? current.name : name;
    const f = family(base, n, line);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) fail(n, 'duplicate series', line);
    seen.add(key);
    f.samples.push({ name, labels, value });
  });
  for (const f of families.values()) checkFamily(f);
  return families;
}

function suffixed(f: Family, name: string): boolean {
  const s = name.slice(f.name.length);
  if (!name.startsWith(f.name)) return false;
  if (f.type === 'histogram') return ['_bucket', '_sum', '_count'].includes(s);
  if (f.type === 'summary') return ['_sum', '_count'].includes(s);
  return false;
}

function checkFamily(f: Family): void {
  if (f.type === 'counter') {
    for (const s of f.samples) if (s.value < 0 || Number.isNaN(s.value)) throw new Error(`counter ${s.name} is ${s.value}`);
  }
  if (f.type !== 'histogram') return;
  const series = new Map<string, Sample[]>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const k = JSON.stringify(Object.entries(rest).sort());
    if (s.name === `${f.name}_bucket` && le === undefined) throw new Error(`${s.name} without le`);
    series.set(k, [...(series.get(k) ?? []), s]);
  }
  for (const [k, ss] of series) {
    const buckets = ss.filter((s) => s.name.endsWith('_bucket')).map((s) => ({ le: parseValue(s.labels.le)!, v: s.value }));
    for (let i = 1; i < buckets.length; i++) {
      if (!(buckets[i].le > buckets[i - 1].le) || buckets[i].v < buckets[i - 1].v) throw new Error(`${f.name}${k}: buckets not increasing`);
    }
    const inf = buckets.at(-1);
    const count = ss.find((s) => s.name === `${f.name}_count`);
    if (!inf || inf.le !== Infinity) throw new Error(`${f.name}${k}: no +Inf bucket`);
    if (!count || count.value !== inf.v) throw new Error(`${f.name}${k}: _count differs from the +Inf bucket`);
    if (!ss.some((s) => s.name === `${f.name}_sum`)) throw new Error(`${f.name}${k}: no _sum`);
  }
}

function parseValue(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (v === '+Inf' || v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  if (v === 'NaN') return NaN;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) ? Number(v) : undefined;
}

function unescape(s: string, quote: boolean, bad: () => never): string {
  return s.replace(/\\(.)?/g, (_, c: string | undefined) => {
    if (c === '\\') return '\\';
    if (c === 'n') return '\n';
    if (c === '"' && quote) return '"';
    return bad();
  });
}
