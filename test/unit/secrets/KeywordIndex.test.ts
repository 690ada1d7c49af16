import { strict as assert } from 'node:assert';
import { KeywordIndex } from '../../../src/core/secrets/KeywordIndex';

/** What find() must return for one group per keyword, computed the slow way. */
function naive(keywords: string[], text: string): number[][] {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return keywords.map((k) => {
    const out: number[] = [];
    for (let i = lower.indexOf(k); i !== -1; i = lower.indexOf(k, i + 1)) out.push(i);
    return out;
  });
}

describe('KeywordIndex', () => {
  const keywords = ['sk0', '0q~', 'token', 'tok', 'secret', 'secret_', '://', 'ghp_', 'sk_live_', 'key', 'aaaa'];
  const index = new KeywordIndex(keywords.map((k) => [k]));

  it('finds every occurrence, ignoring ASCII case, including overlapping, at odd and even offsets and at the ends of the text', () => {
    const texts = [
      'sk0',
      'SK0',
      'xsk0',
      'sK_LIVE_abc',
      'Token tok TOKEN',
      'secret_secret',
      'a://b',
      '0q~',
      'ghp_ghp_',
      '',
      's',
      'tokensk0',
      'xtok',
      'xxtok',
      'key',
      'xkey',
      'aaaaaaa',
      'Xaaaaa',
      'ke',
      'k',
    ];
    for (const text of texts) assert.deepEqual(index.find(text), naive(keywords, text), text);
  });

  it('handles non-ASCII around and inside would-be keywords (UTF-16 units whose low byte is a keyword character)', () => {
    const texts = [
      'sk0éx',
      'ésk0ü',
      'sk0\u{1F600}',
      'x\u00ffsk0',
      'toké',
      'tökén',
      '\u212Aey sk0',
      'SECRET\u0130',
      '\u0174oken',
      't\u016Fken',
      'to\u016Ben',
      'ke\u0179',
      '\u016Bey',
    ];
    for (const text of texts) assert.deepEqual(index.find(text), naive(keywords, text), text);
  });

  it('files a keyword under every group that asked for it, ascending and without duplicates', () => {
    const groups = new KeywordIndex([['pass', 'password'], ['token'], ['pass', 'token']]);
    assert.deepEqual(groups.find('password=x token=y PASS'), [[0, 19], [11], [0, 11, 19]]);
  });

  it('agrees with the slow way on random text', () => {
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) / 65536;
    const alphabet = 'tokenSECRETskq0~:/_ghp aéŴ\n';
    for (let round = 0; round < 200; round++) {
      let text = '';
      const len = Math.floor(rnd() * 300);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      assert.deepEqual(index.find(text), naive(keywords, text), JSON.stringify(text));
    }
  });

  it('findBytes over ASCII bytes (the prefilter before decoding) agrees with find on the text', () => {
    let seed = 9;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) / 65536;
    const alphabet = 'tokenSECRETskq0~:/_ghp aK\n';
    const buf = Buffer.from(new ArrayBuffer(512));
    for (let round = 0; round < 200; round++) {
      let text = '';
      const len = Math.floor(rnd() * 300);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      buf.write(text, 0, 'latin1');
      assert.deepEqual(index.findBytes(buf, text.length), naive(keywords, text), JSON.stringify(text));
    }
  });

  it('rejects keywords it cannot index', () => {
    assert.throws(() => new KeywordIndex([['ab']]));
    assert.throws(() => new KeywordIndex([['clé']]));
    assert.throws(() => new KeywordIndex([['Token']]));
  });
});
