import { strict as assert } from 'node:assert';
import { containerSample } from '../../../src/infra/docker/containerStats';

describe('containerSample (docker stats arithmetic)', () => {
  it('one busy core of two is 100 %; memory without the page cache', () => {
    const s = containerSample({
      cpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 12_000_000_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 10_000_000_000 },
      memory_stats: { usage: 50 * 2 ** 20, limit: 256 * 2 ** 20, stats: { inactive_file: 10 * 2 ** 20 } },
    });
    assert.equal(s.cpuPercent, 100);
    assert.equal(s.memoryBytes, 40 * 2 ** 20);
    assert.equal(s.memoryLimitBytes, 256 * 2 ** 20);
  });

  it('the first reading (no previous one) has no CPU %', () => {
    assert.equal(
      containerSample({ cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 9 }, precpu_stats: {} }).cpuPercent,
      undefined,
    );
  });
});
