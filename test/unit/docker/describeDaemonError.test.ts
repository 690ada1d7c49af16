import { strict as assert } from 'node:assert';
import { describeDaemonError } from '../../../src/infra/docker/describeDaemonError';
import { dockerMessage } from '../../../src/infra/docker/dockerMessage';
import type { DockerEndpoint } from '../../../src/infra/docker/resolveDockerEndpoint';

const sock: DockerEndpoint = { kind: 'unix', socketPath: '/var/run/docker.sock', source: 'the default socket' };
const err = (code: string) => Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code });

describe('describeDaemonError', () => {
  it('tells not installed from not running from permission denied', () => {
    const none = describeDaemonError(err('ENOENT'), sock, '/nonexistent-bin');
    assert.equal(none.problem, 'not-installed');
    assert.match(none.message, /Docker is not installed/);
    assert.equal(describeDaemonError(err('ENOENT'), sock, '/usr/sbin:/usr/bin:/sbin:/bin').problem, 'not-running');
    assert.equal(describeDaemonError(err('ECONNREFUSED'), sock).problem, 'not-running');
    const denied = describeDaemonError(err('EACCES'), sock);
    assert.equal(denied.problem, 'permission-denied');
    assert.match(denied.message, /permission denied on the Docker socket unix:\/\/\/var\/run\/docker.sock .*docker group/);
  });

  it('a remote engine that does not answer names the endpoint and where it came from', () => {
    const ep: DockerEndpoint = { kind: 'tcp', host: 'build-box', port: 2376, tls: { verify: true }, source: 'Docker context "lab"' };
    const e = describeDaemonError(new Error('getaddrinfo ENOTFOUND build-box'), ep);
    assert.equal(e.problem, 'unreachable');
    assert.equal(
      e.message,
      'cannot reach the Docker engine at tcp://build-box:2376 (TLS) (from Docker context "lab"): ENOTFOUND; check the Docker context (docker context ls).',
    );
  });
});

describe('dockerMessage', () => {
  it("keeps the daemon's words, and only runc's reason for a container that cannot start", () => {
    const start = {
      json: {
        message:
          'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown',
      },
    };
    assert.equal(dockerMessage(start), 'exec: "nosuch": executable file not found in $PATH');
    assert.equal(
      dockerMessage(new Error('(HTTP code 500) server error - Get "https://registry-1.docker.io/v2/": dial tcp: no such host')),
      'Get "https://registry-1.docker.io/v2/": dial tcp: no such host',
    );
  });
});
