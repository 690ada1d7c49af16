import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStack } from '../../../src/core/config/loadStack';
import type { DockerService, LoadResult } from '../../../src/core/config/model';
import { CORPUS, corpusCase, corpusIds } from './corpusFs';

/**
 * Files docker-compose v1 refuses (test/fixtures/compose-corpus/rejected, each with v1's error).
 * Those the Compose Specification (v2) accepts must load; those that are incomplete on their own
 * (override files, fragments naming files or secrets that are not there, required variables left
 * empty) must say what is wrong, and where.
 */
const ENV = { HOME: '/home/dev' };

/** A case with every folder present (build contexts the repository holds) and some files added. */
async function loadCase(id: string, extra: Record<string, string> = {}, allFolders = false): Promise<LoadResult & { root: string }> {
  const c = corpusCase('rejected', id);
  const files = Object.fromEntries(Object.entries(extra).map(([k, v]) => [`${c.root}/${k}`, v]));
  const fs = {
    readFile: (p: string, limits?: { maxBytes?: number }) => (p in files ? Promise.resolve(files[p]) : c.fs.readFile(p, limits)),
    isDirectory: (p: string) => (allFolders && p.startsWith(`${c.root}/`) ? Promise.resolve(true) : c.fs.isDirectory(p)),
  };
  return { root: c.root, ...(await loadStack({ root: c.root, env: ENV, fs })) };
}

const errorsOf = (r: LoadResult) => r.diagnostics.filter((d) => d.severity === 'error');

describe('compose corpus: files docker-compose v1 rejects, read as the Compose Specification says', () => {
  it('no file crashes the loader, and every diagnostic is located in the file', async () => {
    for (const id of corpusIds('rejected')) {
      const c = corpusCase('rejected', id);
      const r = await loadStack({ root: c.root, env: ENV, fs: c.fs });
      const lines = readFileSync(join(CORPUS, 'rejected', `${c.root.split('/').pop()!}.yml`), 'utf8').split('\n').length;
      for (const d of r.diagnostics) {
        assert.ok(d.location.line >= 1 && d.location.column >= 1, `${id}: ${d.code} is located (${d.message})`);
        if (d.location.file === `${c.root}/docker-compose.yml`) assert.ok(d.location.line <= lines, `${id}: ${d.code} is inside the file`);
      }
      if (!r.config) assert.ok(errorsOf(r).length > 0, `${id}: no config and no error`);
    }
  });

  // v1 knows an older schema: these are valid for v2, once the folders and files their repository holds are there.
  const V2_VALID: [id: string, why: string, extra?: Record<string, string>][] = [
    ['44', 'sentry self-hosted: depends_on.restart'],
    ['48', 'plane: `restart: no` unquoted (a string in YAML 1.2, as v2 reads it)', { 'apps/api/.env': '' }],
    ['65', 'MISP: healthcheck start_interval'],
    ['69', 'mailcow: ports and enable_ipv6 given by interpolation (v1 validates before interpolating)'],
    ['84', 'confluent cp-all-in-one: unquoted booleans in environment'],
    ['87', 'confluent oauth: unquoted booleans in environment'],
    ['99', 'anything-llm: top-level name'],
    ['113', 'invidious: depends_on.restart'],
    ['118', 'awesome-compose react-rust-postgres: top-level name, secrets from files', { 'db/password.txt': 'x' }],
  ];
  for (const [id, why, extra] of V2_VALID) {
    it(`${id} loads (${why})`, async () => {
      const r = await loadCase(id, extra, true);
      assert.deepEqual(errorsOf(r), []);
      assert.ok(r.config && Object.keys(r.config.services).length > 0);
    });
  }

  it('84 keeps unquoted booleans in environment as the strings a container gets', async () => {
    const r = await loadCase('84', {}, true);
    assert.equal(r.config!.services.prometheus.environment.SHOULD_LOG_TO_FILE, 'false');
    assert.equal(r.config!.services['control-center'].environment.CONTROL_CENTER_PROMETHEUS_ENABLE, 'true');
  });

  it('107 listmonk dev: a variable inside a default is expanded (v1 left `${HOME/go}` and refused it as a volume name)', async () => {
    const r = await loadCase('107');
    assert.deepEqual(errorsOf(r), []);
    const backend = r.config!.services.backend as DockerService;
    assert.ok(
      backend.volumes.some((v) => v.type === 'bind' && v.source === '/home/dev/go/pkg/mod/cache' && v.target === '/go/pkg/mod/cache'),
    );
  });

  it('98 ragflow: `include` of the file beside it (v1 has no include) brings its services, profiles and networks', async () => {
    const base = readFileSync(join(CORPUS, 'files', '97-infiniflow-ragflow-docker-base.yml'), 'utf8');
    const env = readFileSync(join(CORPUS, 'files', '97-infiniflow-ragflow-docker-base.env'), 'utf8');
    const r = await loadCase('98', { 'docker-compose-base.yml': base, '.env': env }, true);
    assert.deepEqual(errorsOf(r), []);
    const names = Object.keys(r.config!.services);
    for (const s of ['ragflow-cpu', 'es01', 'mysql', 'minio', 'redis']) assert.ok(names.includes(s), `${s} in ${names.join(', ')}`);
    assert.deepEqual(r.config!.services.es01.profiles, ['elasticsearch']);
  });

  // Incomplete on their own: v2 refuses them too. Each error names the line that causes it.
  const INCOMPLETE: [id: string, why: string, code: string][] = [
    ['46', 'opentelemetry-demo compose.full.yaml: services completed by the files it is used with', 'no-image'],
    ['47', 'opentelemetry-demo compose.tests.yaml: depends on services of another file', 'missing-dependency'],
    ['51', 'zabbix: extends files of its repository that are not here', 'missing-file'],
    ['56', 'zulip: secrets declared by its override file', 'undefined-secret'],
    ['57', 'zulip ci: an override without image', 'no-image'],
    ['59', 'taiga inits: depends on a service of the main file', 'missing-dependency'],
    ['77', 'graylog cluster: `${GRAYLOG_PASSWORD_SECRET:?…}` with the example .env leaving it empty', 'required-variable'],
    ['79', 'graylog forwarder: required variables empty', 'required-variable'],
  ];
  for (const [id, why, code] of INCOMPLETE) {
    it(`${id} is refused with located errors (${why})`, async () => {
      const r = await loadCase(id);
      assert.equal(r.config, undefined);
      const errors = errorsOf(r);
      assert.ok(
        errors.some((d) => d.code === code),
        `${code} among ${errors.map((d) => d.code).join(', ')}`,
      );
      for (const d of errors) assert.ok(d.location.line > 1 || d.code === 'missing-file', `${d.code} at line ${d.location.line}`);
    });
  }
});
