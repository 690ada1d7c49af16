import * as assert from 'node:assert/strict';
import { formatLogLine } from '../../../src/core/status/formatLogLine';
import { serviceUrl } from '../../../src/core/status/serviceUrl';
import type { ServiceSpec } from '../../../src/core/config/model';

const base = {
  kind: 'external',
  name: 'x',
  location: { file: 'f', line: 1, column: 1 },
  dependsOn: [],
  restart: {},
  ports: [],
  profiles: [],
  environment: {},
  stopGracePeriod: 0,
  extensions: {},
} as unknown as ServiceSpec;

describe('serviceUrl', () => {
  it('uses the origin of an http health check', () => {
    const spec = {
      ...base,
      health: { probe: { kind: 'http', url: 'http://127.0.0.1:8000/health?x=1', expectStatus: [200, 399] } },
    } as ServiceSpec;
    assert.equal(serviceUrl(spec), 'http://127.0.0.1:8000/');
  });
  it('falls back to the first tcp port, loopback for wildcard hosts, brackets for IPv6', () => {
    assert.equal(
      serviceUrl({
        ...base,
        ports: [
          { port: 53, host: '127.0.0.1', protocol: 'udp' },
          { port: 3000, host: '0.0.0.0', protocol: 'tcp' },
        ],
      } as ServiceSpec),
      'http://127.0.0.1:3000/',
    );
    assert.equal(serviceUrl({ ...base, ports: [{ port: 3000, host: '::1', protocol: 'tcp' }] } as ServiceSpec), 'http://[::1]:3000/');
  });
  it('is undefined when there is nothing to open', () => {
    assert.equal(serviceUrl(base), undefined);
  });
});

describe('formatLogLine', () => {
  it('prints time, padded service and the stream marker', () => {
    const at = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();
    assert.equal(formatLogLine({ service: 'api', stream: 'stdout', text: 'hi', at }, 5), '03:04:05.006 api   | hi');
    assert.equal(formatLogLine({ service: 'db', stream: 'stderr', text: 'oops', at }), '03:04:05.006 db ! oops');
  });
});
