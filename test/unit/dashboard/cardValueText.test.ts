import { strict as assert } from 'node:assert';
import { clipAtWord, DETAIL_MAX, keepUnitsWhole } from '../../../src/webview/cardValueText';

const NB = '\u00a0';

describe('dashboard card values: wrap between words, never cut a number from its unit', () => {
  it('glues a number to its unit, and only a unit', () => {
    assert.equal(keepUnitsWhole('mem 42.6 MB (8% of 512 MB)'), `mem 42.6${NB}MB (8% of 512${NB}MB)`);
    assert.equal(keepUnitsWhole('probe 12 ms'), `probe 12${NB}ms`);
    assert.equal(keepUnitsWhole('up 99.95% of 1 h'), `up 99.95% of 1${NB}h`);
    assert.equal(keepUnitsWhole('healthy for 3 min'), `healthy for 3${NB}min`);
    assert.equal(
      keepUnitsWhole('GET /health -> 503 after 20 ms (expected 200-299)'),
      `GET /health -> 503 after 20${NB}ms (expected 200-299)`,
    );
    // A number before an ordinary word stays breakable: `3 of`, `1 restart`, `2 services`, `5 sec`.
    assert.equal(keepUnitsWhole('last probe failed (1 of 3)'), 'last probe failed (1 of 3)');
    assert.equal(keepUnitsWhole('2 services, 5 sec, 3 side'), '2 services, 5 sec, 3 side');
    assert.equal(keepUnitsWhole('cpu 0.3%'), 'cpu 0.3%');
    assert.equal(keepUnitsWhole(''), '');
  });

  it('a detail up to the limit is shown whole; a longer one is cut at a word boundary with an ellipsis', () => {
    const short = 'GET http://127.0.0.1:38080/health -> 503 after 20 ms (expected 200-299)';
    assert.equal(clipAtWord(short), short);
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const cut = clipAtWord(words);
    assert.ok(cut.length <= DETAIL_MAX, `${cut.length}`);
    assert.ok(cut.endsWith('…'));
    const kept = cut.slice(0, -1);
    assert.ok(words.startsWith(`${kept} `), 'cut at a space, every word whole');
    // No space to cut at (one long token): cut at the limit.
    const token = 'x'.repeat(500);
    assert.equal(clipAtWord(token), `${'x'.repeat(DETAIL_MAX - 1)}…`);
    // Exactly at the limit: whole.
    assert.equal(clipAtWord('y'.repeat(DETAIL_MAX)), 'y'.repeat(DETAIL_MAX));
  });
});
