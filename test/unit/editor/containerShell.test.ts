import * as assert from 'node:assert/strict';
import type { ServiceSpec } from '../../../src/core/config/model';
import type { ServiceState } from '../../../src/core/engine/state';
import { containerShell } from '../../../src/core/editor/containerShell';
import { statusOf } from '../statusOf';

const docker = { kind: 'docker', name: 'db', image: 'postgres:16' } as unknown as ServiceSpec;
const status = (state: ServiceState, instanceId?: string) =>
  statusOf('db', state, { kind: 'docker', ...(instanceId ? { instanceId } : {}) });

describe('containerShell', () => {
  it('execs an interactive shell in the container the engine knows, bash when present else sh', () => {
    const cmd = containerShell('db', docker, status('healthy', 'c0ffee'), {});
    assert.equal(cmd.file, 'docker');
    assert.deepEqual(cmd.args.slice(0, 6), ['exec', '-it', '--', 'c0ffee', 'sh', '-c']);
    assert.match(cmd.args[6], /exec bash; else exec sh/);
    assert.equal(cmd.title, 'db (container shell)');
  });

  it('passes the docker CLI its engine settings (DOCKER_HOST, context, TLS) and nothing else', () => {
    const cmd = containerShell('db', docker, status('running', 'c0ffee'), {
      DOCKER_HOST: 'tcp://127.0.0.1:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/certs',
      DOCKER_CONTEXT: '',
      HOME: '/root',
      SECRET: 'x',
    });
    assert.deepEqual(cmd.env, { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' });
  });

  it('falls back to container_name before the engine reported an id', () => {
    assert.equal(containerShell('db', { ...docker, containerName: 'shop-db' } as ServiceSpec, status('starting'), {}).args[3], 'shop-db');
  });

  it('says why when there is no container to open a shell in', () => {
    assert.throws(() => containerShell('db', docker, status('stopped'), {}), /db is stopped: start it/);
    assert.throws(() => containerShell('db', docker, undefined, {}), /db is stopped/);
    assert.throws(() => containerShell('db', docker, status('exited', 'c0ffee'), {}), /db is exited/);
    assert.throws(
      () => containerShell('api', { kind: 'process', name: 'api' } as unknown as ServiceSpec, status('healthy'), {}),
      /api is a process service, not a container/,
    );
    assert.throws(() => containerShell('nope', undefined, undefined, {}), /no service named nope/);
    assert.throws(() => containerShell('db', docker, status('starting'), {}), /not known yet/);
  });
});
