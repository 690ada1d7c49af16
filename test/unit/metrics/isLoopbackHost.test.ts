import { strict as assert } from 'node:assert';
import { isLoopbackHost } from '../../../src/infra/metrics/isLoopbackHost';

describe('isLoopbackHost (Prometheus endpoint against DNS rebinding)', () => {
  it('accepts loopback names with or without a port, refuses anything else', () => {
    for (const ok of ['127.0.0.1', '127.0.0.1:9464', 'localhost', 'LOCALHOST:9464', '[::1]', '[::1]:9464'])
      assert.equal(isLoopbackHost(ok), true, ok);
    for (const bad of [
      undefined,
      '',
      'evil.example',
      'evil.example:9464',
      '127.0.0.1.evil.example',
      'localhost.evil',
      '[::2]:9464',
      '10.0.0.1:9464',
    ])
      assert.equal(isLoopbackHost(bad), false, String(bad));
  });
});
