import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { DockerConfigError, resolveDockerEndpoint } from '../../../src/infra/docker/resolveDockerEndpoint';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function inputs(env: Record<string, string>, files: Record<string, string> = {}) {
  return { env, home: '/home/u', readFile: (p: string) => files[p] };
}

const meta = (name: string, host: string, skip = false) =>
  JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: skip } } });

describe('resolveDockerEndpoint (as the docker CLI)', () => {
  it('defaults to /var/run/docker.sock', () => {
    assert.deepEqual(resolveDockerEndpoint(inputs({})), { kind: 'unix', socketPath: '/var/run/docker.sock', source: 'the default socket' });
  });

  it('DOCKER_HOST unix and tcp (2375 plain, 2376 with TLS)', () => {
    assert.equal(
      (resolveDockerEndpoint(inputs({ DOCKER_HOST: 'unix:///tmp/d.sock' })) as { socketPath: string }).socketPath,
      '/tmp/d.sock',
    );
    assert.deepEqual(resolveDockerEndpoint(inputs({ DOCKER_HOST: 'tcp://10.0.0.5' })), {
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2375,
      source: 'DOCKER_HOST',
    });
    const files = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' };
    const ep = resolveDockerEndpoint(
      inputs({ DOCKER_HOST: 'tcp://remote:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, files),
    );
    assert.deepEqual(ep, {
      kind: 'tcp',
      host: 'remote',
      port: 2376,
      tls: { ca: 'CA', cert: 'CERT', key: 'KEY', verify: true },
      source: 'DOCKER_HOST',
    });
    const noVerify = resolveDockerEndpoint(inputs({ DOCKER_HOST: 'tcp://remote', DOCKER_TLS: '1' }, { '/home/u/.docker/ca.pem': 'CA' }));
    assert.deepEqual(noVerify.kind === 'tcp' && noVerify.tls, { ca: 'CA', cert: undefined, key: undefined, verify: false });
    assert.equal(noVerify.kind === 'tcp' && noVerify.port, 2376);
  });

  it('DOCKER_HOST ssh with user and port', () => {
    assert.deepEqual(resolveDockerEndpoint(inputs({ DOCKER_HOST: 'ssh://me@build-box:2222' })), {
      kind: 'ssh',
      host: 'build-box',
      port: 2222,
      username: 'me',
      source: 'DOCKER_HOST',
    });
  });

  it('DOCKER_HOST wins over DOCKER_CONTEXT and the config file', () => {
    const ep = resolveDockerEndpoint(
      inputs({ DOCKER_HOST: 'tcp://a:1', DOCKER_CONTEXT: 'ctx' }, { '/home/u/.docker/config.json': '{"currentContext":"other"}' }),
    );
    assert.equal(ep.kind === 'tcp' && ep.host, 'a');
  });

  it('DOCKER_CONTEXT reads the context meta and its TLS files', () => {
    const id = sha('remote');
    const files = {
      [`/home/u/.docker/contexts/meta/${id}/meta.json`]: meta('remote', 'tcp://r.example:2376'),
      [`/home/u/.docker/contexts/tls/${id}/docker/ca.pem`]: 'CA',
    };
    const ep = resolveDockerEndpoint(inputs({ DOCKER_CONTEXT: 'remote' }, files));
    assert.deepEqual(ep, {
      kind: 'tcp',
      host: 'r.example',
      port: 2376,
      tls: { ca: 'CA', cert: undefined, key: undefined, verify: true },
      source: 'Docker context "remote"',
    });
  });

  it('currentContext from $DOCKER_CONFIG/config.json; "default" is the socket', () => {
    const id = sha('lab');
    const files = { '/cfg/config.json': '{"currentContext":"lab"}', [`/cfg/contexts/meta/${id}/meta.json`]: meta('lab', 'ssh://lab') };
    assert.equal(resolveDockerEndpoint(inputs({ DOCKER_CONFIG: '/cfg' }, files)).kind, 'ssh');
    assert.equal(resolveDockerEndpoint(inputs({ DOCKER_CONTEXT: 'default' }, files)).kind, 'unix');
  });

  it('clear errors for a bad DOCKER_HOST and a missing context', () => {
    assert.throws(
      () => resolveDockerEndpoint(inputs({ DOCKER_HOST: 'localhost:2375' })),
      (e: Error) => e instanceof DockerConfigError && /DOCKER_HOST: "localhost:2375" is not a valid Docker host/.test(e.message),
    );
    assert.throws(() => resolveDockerEndpoint(inputs({ DOCKER_HOST: 'ftp://x' })), /unknown scheme ftp/);
    assert.throws(
      () => resolveDockerEndpoint(inputs({ DOCKER_CONTEXT: 'gone' })),
      /Docker context "gone" \(from DOCKER_CONTEXT=gone\) not found/,
    );
    assert.throws(
      () => resolveDockerEndpoint(inputs({ DOCKER_HOST: 'tcp://r', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/none' })),
      /ca\.pem does not exist/,
    );
  });
});
