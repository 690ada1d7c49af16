import { strict as assert } from 'node:assert';
import { DEFAULTS } from '../../../src/core/config/defaults';
import type { DockerService } from '../../../src/core/config/model';
import { containerOptions } from '../../../src/infra/docker/containerOptions';

const base: DockerService = {
  kind: 'docker',
  name: 'db',
  location: { file: 'x', line: 1, column: 1 },
  dependsOn: [],
  restart: { ...DEFAULTS.restart },
  ports: [{ port: 15432, host: '127.0.0.1', target: 5432, protocol: 'tcp' }],
  profiles: [],
  environment: {},
  stopGracePeriod: 10_000,
  extensions: { compose: { user: '999', working_dir: '/srv', init: true } },
  image: 'postgres:16',
  volumes: [
    { type: 'bind', source: '/home/u/app/init', target: '/docker-entrypoint-initdb.d', readOnly: true },
    { type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data', readOnly: false },
    { type: 'volume', target: '/anon', readOnly: false },
    { type: 'tmpfs', target: '/run', readOnly: false },
  ],
  labels: { team: 'data' },
  command: 'postgres -c "log_statement=all"',
  memLimitBytes: 512 * 2 ** 20,
  cpus: 1.5,
  composeHealthcheck: { test: ['CMD-SHELL', 'pg_isready'], interval: 2000, timeout: 1000, retries: 5, startPeriod: 3000 },
};

describe('containerOptions', () => {
  it('maps a compose service to a create request', () => {
    const o = containerOptions({ spec: base, project: 'My App', configHash: 'abc', env: { A: '1' }, networkMode: 'bridge' });
    assert.equal(o.name, 'My-App-db');
    assert.deepEqual(o.Cmd, ['postgres', '-c', 'log_statement=all']);
    assert.deepEqual(o.Env, ['A=1']);
    assert.deepEqual(o.Labels, {
      team: 'data',
      'dev.stackpilot.project': 'My App',
      'dev.stackpilot.service': 'db',
      'dev.stackpilot.config-hash': 'abc',
    });
    assert.deepEqual(o.ExposedPorts, { '5432/tcp': {} });
    assert.deepEqual(o.HostConfig?.PortBindings, { '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '15432' }] });
    assert.deepEqual(o.HostConfig?.Binds, ['/home/u/app/init:/docker-entrypoint-initdb.d:ro']);
    assert.deepEqual(o.HostConfig?.Mounts, [
      { Type: 'volume', Source: 'My-App_pgdata', Target: '/var/lib/postgresql/data', ReadOnly: false },
    ]);
    assert.deepEqual(o.Volumes, { '/anon': {} });
    assert.deepEqual(o.HostConfig?.Tmpfs, { '/run': '' });
    assert.equal(o.HostConfig?.Memory, 512 * 2 ** 20);
    assert.equal(o.HostConfig?.NanoCpus, 1.5e9);
    assert.equal(o.HostConfig?.Init, true);
    assert.deepEqual(o.HostConfig?.RestartPolicy, { Name: 'no' });
    assert.equal(o.User, '999');
    assert.equal(o.WorkingDir, '/srv');
    assert.equal(o.StopTimeout, 10);
    assert.deepEqual(o.Healthcheck, { Test: ['CMD-SHELL', 'pg_isready'], Interval: 2e9, Timeout: 1e9, Retries: 5, StartPeriod: 3e9 });
  });

  it('host networking publishes no ports; a disabled healthcheck is NONE', () => {
    const o = containerOptions({
      spec: { ...base, composeHealthcheck: { test: [], disable: true } },
      project: 'p',
      configHash: 'h',
      env: {},
      networkMode: 'host',
    });
    assert.equal(o.HostConfig?.NetworkMode, 'host');
    assert.equal(o.ExposedPorts, undefined);
    assert.equal(o.HostConfig?.PortBindings, undefined);
    assert.deepEqual(o.Healthcheck, { Test: ['NONE'] });
  });
});
