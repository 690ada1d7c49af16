import { strict as assert } from 'node:assert';
import {
  BaselineError,
  baselineFingerprints,
  baselineFromFindings,
  parseBaseline,
  serializeBaseline,
} from '../../../src/core/secrets/baseline';
import { ruleCatalog } from '../../../src/core/secrets/detectors/allDetectors';
import { toSarif } from '../../../src/core/secrets/sarif';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeSecrets } from './fakeSecrets';

const f = new FakeSecrets(5);
const secret = `sk_live_${f.alnum(30)}`;
const findings = scanText('src/pay.ts', `// x\nconst k = "${secret}";\nconst t = "${f.jwt()}";\n`);

describe('secret baseline and SARIF', () => {
  it('baseline round-trips by fingerprint and never holds the value', () => {
    const text = serializeBaseline(baselineFromFindings(findings));
    assert.ok(!text.includes(secret));
    const parsed = parseBaseline(text);
    assert.equal(parsed.entries.length, 2);
    const accepted = baselineFingerprints(parsed);
    assert.deepEqual(scanText('src/pay.ts', `// x\nconst k = "${secret}";\n`, { baseline: accepted }), []);
  });

  it('baseline parse errors are explicit', () => {
    assert.throws(() => parseBaseline('{'), BaselineError);
    assert.throws(() => parseBaseline('{"version":2,"entries":[]}'), /version/);
    assert.throws(() => parseBaseline('{"version":1,"entries":[{"fingerprint":"abc"}]}'), /64 hex/);
  });

  it('SARIF 2.1.0: rules, results, regions and partial fingerprints', () => {
    const log = toSarif(findings, ruleCatalog(), { version: '0.1.0' }) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: Record<string, unknown>[] }[];
    };
    assert.equal(log.version, '2.1.0');
    const [run] = log.runs;
    assert.equal(run.tool.driver.name, 'stackpilot');
    assert.deepEqual(
      run.tool.driver.rules.map((r) => r.id),
      ['jwt', 'stripe-secret-key'],
    );
    const result = run.results[0] as {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
      partialFingerprints: Record<string, string>;
    };
    assert.equal(result.ruleId, 'stripe-secret-key');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'stripe-secret-key');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'src/pay.ts');
    assert.deepEqual(result.locations[0].physicalLocation.region, {
      startLine: 2,
      startColumn: 12,
      endLine: 2,
      endColumn: 12 + secret.length,
    });
    assert.equal(result.partialFingerprints['stackpilotSecret/v1'], findings[0].fingerprint);
    assert.ok(!JSON.stringify(log).includes(secret));
  });
});
