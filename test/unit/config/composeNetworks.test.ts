import { strict as assert } from 'node:assert';
import { configHash } from '../../../src/core/config/configHash';
import type { DockerService } from '../../../src/core/config/model';
import { endpointOf, networkName } from '../../../src/infra/docker/ProjectNetworks';
import { containerOptions } from '../../../src/infra/docker/containerOptions';
import { load, only, pos } from './loadHelpers';

const services = async (text: string) => {
  const r = await load({ 'compose.yaml': text });
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  return r.config!.services as Record<string, DockerService>;
};

describe('compose networks', () => {
  it('puts a service without networks: on the project default network, by its service name', async () => {
    const s = await services('name: shop\nservices:\n  db: { image: pg }\n');
    assert.deepEqual(
      s.db.networks!.map((a) => [a.network.key, a.aliases]),
      [['default', []]],
    );
    assert.equal(s.db.networkMode, undefined);
    assert.equal(networkName('shop', s.db.networks![0].network), 'shop_default');
    assert.deepEqual(endpointOf('shop', 'db', s.db.networks![0]).config.Aliases, ['db']);
  });

  it('reads top-level networks (driver, internal, external, name, ipam) and per-service aliases and addresses', async () => {
    const text = [
      'services:',
      '  db:',
      '    image: pg',
      '    networks:',
      '      back: { aliases: [database, pg], ipv4_address: 10.213.250.5 }',
      '      shared:',
      '  api: { image: api, networks: [back, default] }',
      'networks:',
      '  back: { driver: bridge, internal: true, ipam: { config: [{ subnet: 10.213.250.0/24 }] }, labels: [tier=back] }',
      '  shared: { external: true, name: corp-net }',
      '  default: { name: custom-default }',
      '',
    ].join('\n');
    const s = await services(text);
    const [back, shared] = s.db.networks!;
    assert.deepEqual(back.network, {
      key: 'back',
      external: false,
      internal: true,
      driver: 'bridge',
      subnets: [{ subnet: '10.213.250.0/24' }],
      labels: { tier: 'back' },
    });
    assert.deepEqual([back.aliases, back.ipv4Address], [['database', 'pg'], '10.213.250.5']);
    assert.deepEqual(shared.network, { key: 'shared', external: true, internal: false, name: 'corp-net' });
    assert.equal(networkName('p', shared.network), 'corp-net');
    assert.deepEqual(
      s.api.networks!.map((a) => networkName('p', a.network)),
      ['p_back', 'custom-default'],
    );
    assert.deepEqual(endpointOf('p', 'db', back).config, {
      Aliases: ['db', 'database', 'pg'],
      IPAMConfig: { IPv4Address: '10.213.250.5' },
    });
  });

  it('accepts the v2/v3 `external: { name }` form', async () => {
    const s = await services('services:\n  a: { image: x, networks: [n] }\nnetworks:\n  n: { external: { name: legacy } }\n');
    assert.deepEqual([s.a.networks![0].network.external, s.a.networks![0].network.name], [true, 'legacy']);
  });

  it('locates an undefined network, with a suggestion', async () => {
    const text = 'services:\n  a: { image: x, networks: [bak] }\nnetworks:\n  back: {}\n';
    const d = only(await load({ 'compose.yaml': text }), 'undefined-network');
    assert.match(d.message, /`bak`, which is not defined.*`back`/);
    assert.deepEqual(pos(d), { line: 2, column: 29 });
  });

  it('rejects network_mode with networks, and external with driver', async () => {
    const text =
      'services:\n  a: { image: x, network_mode: host, networks: [default] }\nnetworks:\n  n: { external: true, driver: bridge }\n';
    const r = await load({ 'compose.yaml': text });
    assert.match(only(r, 'conflicting-keys').message, /both `network_mode` and `networks`/);
    assert.match(only(r, 'wrong-value').message, /`external`.*`driver` cannot be set/);
  });

  it('network_mode service:<name> makes the service wait for that one to start', async () => {
    const s = await services(
      'services:\n  vpn: { image: v }\n  app: { image: a, network_mode: "service:vpn" }\n  h: { image: h, network_mode: host }\n',
    );
    assert.equal(s.app.networkMode, 'service:vpn');
    assert.equal(s.app.networks, undefined);
    assert.deepEqual(
      s.app.dependsOn.map((d) => [d.service, d.condition]),
      [['vpn', 'started']],
    );
    assert.equal(s.h.networkMode, 'host');
    const missing = await load({ 'compose.yaml': 'services:\n  app: { image: a, network_mode: "service:vpm" }\n' });
    assert.match(only(missing, 'missing-dependency').message, /`vpm`, which is not defined/);
  });

  it('a change of networks changes the config hash (the container is recreated)', async () => {
    const a = await services('services:\n  a: { image: x }\n');
    const b = await services('services:\n  a: { image: x, networks: { default: { aliases: [alpha] } } }\n');
    assert.notEqual(configHash(a.a), configHash(b.a));
  });

  it('containerOptions: the first network at create with its aliases; none for network_mode none/container', async () => {
    const s = await services('services:\n  a: { image: x, ports: ["8080:80"], hostname: h }\n');
    const endpoint = endpointOf('p', 'a', s.a.networks![0]);
    const o = containerOptions({ spec: s.a, project: 'p', configHash: 'h', env: {}, networkMode: endpoint.network, endpoint });
    assert.equal(o.HostConfig!.NetworkMode, 'p_default');
    assert.deepEqual(o.NetworkingConfig, { EndpointsConfig: { p_default: { Aliases: ['a'] } } });
    assert.ok(o.HostConfig!.PortBindings);
    for (const mode of ['none', 'container:abc']) {
      const c = containerOptions({ spec: s.a, project: 'p', configHash: 'h', env: {}, networkMode: mode });
      assert.equal(c.HostConfig!.PortBindings, undefined);
      assert.equal(c.Hostname, undefined);
      assert.equal(c.NetworkingConfig, undefined);
    }
  });
});
