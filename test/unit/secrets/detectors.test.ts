import { strict as assert } from 'node:assert';
import { allDetectors, ruleCatalog } from '../../../src/core/secrets/detectors/allDetectors';
import { scanText } from '../../../src/core/secrets/scanText';
import { samples } from './samples';

describe('secret detectors: one synthetic positive per rule', () => {
  it('has more than 80 detectors and a sample for every rule', () => {
    assert.ok(allDetectors.length >= 80, `${allDetectors.length} detectors`);
    // Private keys and Kubernetes Secrets span lines: structural.test.ts and formats.test.ts cover them;
    // Terraform defaults, PuTTY keys and name/value pairs: otherSyntaxes.test.ts.
    const sampled = new Set([
      ...samples.map((s) => s.ruleId),
      'private-key',
      'google-service-account-key',
      'kubernetes-secret-data',
      'terraform-variable-default',
      'putty-private-key',
      'name-value-secret',
    ]);
    const missing = ruleCatalog()
      .map((r) => r.id)
      .filter((id) => !sampled.has(id));
    assert.deepEqual(missing, []);
  });

  for (const sample of samples) {
    it(`${sample.ruleId}: finds exactly the value`, () => {
      const text = `# synthetic fixture\n${sample.before}${sample.value}${sample.after}\n`;
      const findings = scanText(sample.path, text);
      const hit = findings.find((f) => f.ruleId === sample.ruleId);
      assert.ok(hit, `expected ${sample.ruleId}, got ${JSON.stringify(findings.map((f) => f.ruleId))}`);
      assert.deepEqual(hit.range, {
        line: 2,
        column: sample.before.length + 1,
        endLine: 2,
        endColumn: sample.before.length + sample.value.length + 1,
      });
      assert.equal(findings.length, 1, `one finding, got ${findings.map((f) => f.ruleId).join(', ')}`);
      assert.ok(hit.masked.replace('…', '').length <= 4);
      assert.ok(!hit.masked.includes(sample.value) && !hit.fingerprint.includes(sample.value));
      assert.ok(!Object.values(hit).includes(sample.value));
    });
  }
});
