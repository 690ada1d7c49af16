import { strict as assert } from 'node:assert';
import { KeywordIndex } from '../../../src/core/secrets/KeywordIndex';

/** What find() must return, computed the slow way. */
function naive(keywords: string[], text: string): Map<string, number[]> {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const out = new Map<string, number[]>();
  for (const k of keywords) {
    for (let i = lower.indexOf(k); i !== -1; i = lower.indexOf(k, i + 1)) out.set(k, [...(out.get(k) ?? []), i]);
  }
  return out;
}

const sorted = (m: Map<string, number[]>) => [...m].sort(([a], [b]) => a.localeCompare(b));

describe('KeywordIndex', () => {
  const keywords = ['sk', 'q~', 'token', 'tok', 'secret', 'secret_', '://', 'ghp_', 'sk_live_'];
  const index = new KeywordIndex(keywords);

  it('finds every occurrence, ignoring ASCII case, including overlapping and at the ends of the text', () => {
    for (const text of ['sk', 'SK', 'xsk', 'sK_LIVE_abc', 'Token tok TOKEN', 'secret_secret', 'a://b', 'q~', 'ghp_ghp_', '', 's', 'tokensk']) {
      assert.deepEqual(sorted(index.find(text)), sorted(naive(keywords, text)), text);
    }
  });

  it('handles non-ASCII around keywords (a two-character keyword before one, none inside)', () => {
    for (const text of ['skéx', 'éskü', 'sk\u{1F600}', 'x\u00ffsk', 'toké', 'tökén', '\u212Aey sk', 'SECRET\u0130']) {
      assert.deepEqual(sorted(index.find(text)), sorted(naive(keywords, text)), text);
    }
  });

  it('rejects keywords it cannot index', () => {
    assert.throws(() => new KeywordIndex(['a']));
    assert.throws(() => new KeywordIndex(['clé']));
  });
});
