import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStack } from '../../../src/core/config/loadStack';
import type { DockerService, LoadResult, StackConfig } from '../../../src/core/config/model';
import { selectServices } from '../../../src/core/config/selectServices';
import { CORPUS, corpusCase, corpusIds } from './corpusFs';

interface Truth {
  id: string;
  services: string[];
  defaultServices: string[];
  profiles: Record<string, string[]>;
  dependsOn: Record<string, Record<string, string>>;
  healthchecks: Record<
    string,
    {
      test: string[] | string;
      interval_ns: number | null;
      timeout_ns: number | null;
      start_period_ns: number | null;
      retries: number | null;
    }
  >;
  ports: Record<string, { target: number; published: number | string | null; protocol: string | null; host_ip: string | null }[]>;
  images: Record<string, string | null>;
  environment: Record<string, Record<string, string | number | null>>;
  networkMode: Record<string, string>;
  deployResources: Record<string, { limits?: { memory?: string; cpus?: number | string } }>;
  defaultUp: { services: string[] };
}

const truthOf = (id: string): Truth => JSON.parse(readFileSync(join(CORPUS, 'truth', `${id}.json`), 'utf8')) as Truth;
const CONDITION = { started: 'service_started', healthy: 'service_healthy', completed: 'service_completed_successfully' } as const;
const ENV = { HOME: '/home/dev' };

/**
 * Where docker-compose v1 (the truth) and the Compose Specification / docker compose v2 (what the
 * loader follows) read the same file differently. Each entry rewrites v1's value into v2's.
 */
const V2_DIFFERENCES: { id?: string; what: string; fix: (t: Truth, c: StackConfig) => void }[] = [
  {
    what: 'v1 leaves a build-only service without an image name; v2 names it `<project>-<service>`',
    fix: (t, c) => {
      for (const [s, img] of Object.entries(t.images)) if (img === null) t.images[s] = `${c.name}-${s}`;
    },
  },
  {
    what: 'v1 keeps unquoted numbers in `environment` as numbers; the model (like a container) has only strings',
    fix: (t) => {
      for (const env of Object.values(t.environment))
        for (const [k, v] of Object.entries(env)) if (typeof v === 'number') env[k] = String(v);
    },
  },
  {
    what: 'v1 does not interpolate inside a default: `${CUSTOM_TAG:-$ERPNEXT_VERSION}` stays literal, and `${X:-$$host}` keeps `$$`; v2 expands both',
    id: '30',
    fix: (t) => {
      for (const s of Object.keys(t.images)) t.images[s] = t.images[s]!.replace('$ERPNEXT_VERSION', 'v16.32.3');
      for (const env of Object.values(t.environment)) if (env.FRAPPE_SITE_NAME_HEADER === '$$host') env.FRAPPE_SITE_NAME_HEADER = '$host';
    },
  },
];

describe('compose corpus: loader vs docker-compose v1', () => {
  for (const id of corpusIds('files')) {
    it(`reads ${id} as compose does`, async () => {
      const c = corpusCase('files', id);
      const result = await loadStack({ root: c.root, env: ENV, fs: c.fs });
      const config = expectConfig(result);
      const truth = truthOf(id);
      for (const d of V2_DIFFERENCES) if (!d.id || d.id === id) d.fix(truth, config);
      compare(truth, config);
    });
  }
});

function expectConfig(r: LoadResult): StackConfig {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], 'no errors');
  assert.ok(r.config);
  return r.config;
}

function compare(truth: Truth, config: StackConfig): void {
  const svc = (n: string) => config.services[n] as DockerService;
  // v1 lists services in its own start order; compare membership.
  assert.deepEqual(Object.keys(config.services).sort(), [...truth.services].sort(), 'services');
  assert.deepEqual(new Set(selectServices(config, {}).services), new Set(truth.defaultUp.services), 'services a plain up starts');
  const tags: Record<string, string[]> = {};
  for (const s of Object.values(config.services)) for (const p of s.profiles) (tags[p] ??= []).push(s.name);
  assert.deepEqual(sortValues(tags), sortValues(truth.profiles), 'profiles');
  for (const name of truth.services) {
    const s = svc(name);
    assert.equal(s.kind, 'docker');
    const deps = Object.fromEntries(s.dependsOn.map((d) => [d.service, CONDITION[d.condition]]));
    assert.deepEqual(deps, truth.dependsOn[name] ?? {}, `${name} depends_on`);
    assert.equal(s.image, truth.images[name], `${name} image`);
    const env = Object.fromEntries(Object.entries(truth.environment[name] ?? {}).filter(([, v]) => v !== null));
    assert.deepEqual(s.environment, env, `${name} environment`);
    assert.equal(s.networkMode, truth.networkMode[name], `${name} network_mode`);
    const published = (truth.ports[name] ?? []).filter((p) => p.published !== null && p.published !== '');
    assert.deepEqual(
      s.ports.map((p) => ({ port: p.port, target: p.target, protocol: p.protocol, host: p.host })),
      published.map((p) => ({
        port: Number(p.published),
        target: p.target,
        protocol: p.protocol ?? 'tcp',
        host: p.host_ip ?? '127.0.0.1',
      })), // deliberate: compose binds 0.0.0.0 when no host IP is given, Stackpilot 127.0.0.1
      `${name} ports`,
    );
    const hc = truth.healthchecks[name];
    if (hc) {
      const test = typeof hc.test === 'string' ? ['CMD-SHELL', hc.test] : hc.test;
      assert.deepEqual(s.composeHealthcheck?.test, test, `${name} healthcheck test`);
      const ms = (ns: number | null) => (ns === null ? undefined : ns / 1e6);
      assert.equal(s.composeHealthcheck?.interval, ms(hc.interval_ns), `${name} healthcheck interval`);
      assert.equal(s.composeHealthcheck?.timeout, ms(hc.timeout_ns), `${name} healthcheck timeout`);
      assert.equal(s.composeHealthcheck?.startPeriod, ms(hc.start_period_ns), `${name} healthcheck start_period`);
      assert.equal(s.composeHealthcheck?.retries, hc.retries ?? undefined, `${name} healthcheck retries`);
      assert.equal(s.health?.probe.kind, 'exec');
      assert.equal(s.health?.interval, ms(hc.interval_ns) ?? 30_000);
    } else {
      assert.equal(s.composeHealthcheck, undefined, `${name} has no healthcheck`);
    }
    const limits = truth.deployResources[name]?.limits;
    if (limits?.memory) assert.equal(s.memLimitBytes, bytes(limits.memory), `${name} memory limit`);
    if (limits?.cpus !== undefined) assert.equal(s.cpus, Number(limits.cpus), `${name} cpus`);
  }
}

const sortValues = (m: Record<string, string[]>) =>
  Object.fromEntries(
    Object.entries(m)
      .map(([k, v]) => [k, [...v].sort()])
      .sort(),
  );

function bytes(text: string): number {
  const m = /^([\d.]+)([kmg]?)/i.exec(text)!;
  return Math.floor(Number(m[1]) * 1024 ** ' kmg'.indexOf(m[2].toLowerCase() || ' '));
}
