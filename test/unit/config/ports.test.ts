import { strict as assert } from 'node:assert';
import { load, only } from './loadHelpers';

const compose = (port: string) => `services:\n  web:\n    image: nginx\n    ports: [${JSON.stringify(port)}]\n`;
const published = async (port: string) => {
  const r = await load({ 'compose.yaml': compose(port) });
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  return r.config!.services.web.ports.map((p) => `${p.host}:${p.port}->${p.target ?? '-'}/${p.protocol}`);
};

describe('ports: compose short syntax as docker compose reads it', () => {
  it('HOST:CONTAINER, IP:HOST:CONTAINER, IP::CONTAINER, ranges and protocols', async () => {
    assert.deepEqual(await published('8080:80'), ['127.0.0.1:8080->80/tcp']);
    assert.deepEqual(await published('127.0.0.1:5432:5432'), ['127.0.0.1:5432->5432/tcp']);
    assert.deepEqual(await published('127.0.0.1::80'), []);
    assert.deepEqual(await published('3000'), []);
    assert.deepEqual(await published('53:53/udp'), ['127.0.0.1:53->53/udp']);
    assert.deepEqual(await published('9000-9001:9000-9001'), ['127.0.0.1:9000->9000/tcp', '127.0.0.1:9001->9001/tcp']);
    assert.deepEqual(await published('[::1]:8080:80'), ['::1:8080->80/tcp']);
  });

  it('a host port that is not a number is an error, not a port silently left unpublished', async () => {
    for (const bad of ['abc:80', '80x:80', 'localhost:8080:80', '8080:80x', ':']) {
      const d = only(await load({ 'compose.yaml': compose(bad) }), 'bad-port');
      assert.equal(d.location.line, 4, bad);
    }
  });

  it('the same in stackpilot.yaml', async () => {
    const text = 'services:\n  web:\n    image: nginx\n    ports: ["abc:80"]\n';
    assert.match(only(await load({ 'stackpilot.yaml': text }), 'bad-port').message, /`abc:80`/);
  });
});
