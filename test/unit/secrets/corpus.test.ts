import { strict as assert } from 'node:assert';
import { scoreCorpus } from './corpus';

describe('secret scanning: labelled corpus', () => {
  it('precision and recall are both at least 0.95', () => {
    const score = scoreCorpus();
    const detail = JSON.stringify({ falsePositives: score.falsePositives, falseNegatives: score.falseNegatives }, null, 1);
    assert.ok(score.truePositives >= 50, `${score.truePositives} true positives`);
    assert.ok(score.precision >= 0.95, `precision ${score.precision.toFixed(3)}\n${detail}`);
    assert.ok(score.recall >= 0.95, `recall ${score.recall.toFixed(3)}\n${detail}`);
  });
});
