import { strict as assert } from 'node:assert';
import { probeTimer } from '../../../src/infra/probes/probeTimer';

describe('probeTimer: one probe, one number', () => {
  it('the latency of the result is the figure written into its detail, however long the result takes to build', () => {
    const timer = probeTimer();
    const start = Date.now();
    while (Date.now() - start < 3); // the connection opens after ~3 ms
    const detail = `tcp 127.0.0.1:5432 connected in ${timer.ms()} ms`;
    const later = Date.now();
    while (Date.now() - later < 12); // a busy event loop before the result is built
    const r = timer.result(true, detail);
    assert.equal(detail, `tcp 127.0.0.1:5432 connected in ${Math.round(r.latencyMs)} ms`);
    assert.ok(r.latencyMs >= 2, `${r.latencyMs}`);
  });

  it('without a figure in the detail, the latency runs until the result', () => {
    const timer = probeTimer();
    const start = Date.now();
    while (Date.now() - start < 3);
    assert.ok(timer.result(false, 'cancelled').latencyMs >= 2);
  });
});
