import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeywordIndex } from '../../../src/core/secrets/KeywordIndex';
import { scanText } from '../../../src/core/secrets/scanText';
import { utf16Offsets } from '../../../src/core/secrets/utf16Offsets';
import { scanFile } from '../../../src/infra/secrets/scanFile';
import { FakeSecrets } from './fakeSecrets';

describe('utf16Offsets (keyword hits on UTF-8 bytes moved to the decoded text)', () => {
  const keywords = ['key', 'token', 'sk_live_', '://', 'eyj', 'pat'];
  const index = new KeywordIndex(keywords.map((k) => [k]));

  it('agrees with a search of the decoded text, with 2-, 3- and 4-byte characters and a BOM', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) / 65536;
    const alphabet = ['k', 'e', 'y', 'K', 'E', 'Y', 't', 'o', 'n', 'p', 'a', ':', '/', 'j', ' ', '\n', 'é', '€', '😀', '中', '\uFEFF', 'Ÿ'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      const len = Math.floor(rnd() * 200);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      const bytes = Buffer.from(text, 'utf8');
      const buf = Buffer.from(new ArrayBuffer(bytes.length + 2));
      bytes.copy(buf);
      assert.deepEqual(utf16Offsets(buf, index.findBytes(buf, bytes.length)), index.find(text), JSON.stringify(text));
      // Not 4-byte aligned: the byte-by-byte walk alone.
      const odd = Buffer.from(new ArrayBuffer(bytes.length + 4), 2, bytes.length + 2);
      bytes.copy(odd);
      assert.deepEqual(utf16Offsets(odd, index.find(odd.toString('latin1', 0, bytes.length))), index.find(text), JSON.stringify(text));
    }
  });

  it('counts long ASCII runs between multi-byte characters (the four-bytes-at-a-time path)', () => {
    const text = `${'x'.repeat(1001)}é key ${'y'.repeat(37)}😀${'z'.repeat(4099)}€token€${'w'.repeat(3)}key`;
    const bytes = Buffer.from(text, 'utf8');
    const buf = Buffer.from(new ArrayBuffer(bytes.length + 2));
    bytes.copy(buf);
    assert.deepEqual(utf16Offsets(buf, index.findBytes(buf, bytes.length)), index.find(text));
  });
});

describe('scanFile', () => {
  const fake = new FakeSecrets(17);
  const key = `sk_live_${fake.alnum(24)}`;
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stackpilot-scanfile-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reports the same findings, at the same columns, as a scan of the decoded text: ASCII, UTF-8 with accents and emoji, invalid UTF-8', () => {
    const texts = {
      'a.env': `STRIPE_KEY=${key}\n`,
      'b.ts': `// café ☕ 😀 naïve\nconst s = "😀😀"; const stripe = "${key}"; // clé\nconst ü = '${key}';\n`,
      'c.yaml': `\uFEFFnote: 中文 ${'é'.repeat(3000)}\nstripe: ${key}\n`,
    };
    for (const [name, text] of Object.entries(texts)) {
      const found = scanFile(write(name, text), name, {});
      assert.ok('findings' in found && found.findings.length > 0, name);
      assert.deepEqual(found, { findings: scanText(name, text) }, name);
    }
    const invalid = Buffer.concat([Buffer.from('x = 1 \xff\xfe\n', 'latin1'), Buffer.from(`stripe = "${key}"\n`)]);
    const read = scanFile(write('d.py', invalid), 'd.py', {});
    assert.deepEqual(read, { findings: scanText('d.py', invalid.toString('utf8')) });
    assert.ok('findings' in read && read.findings.length === 1);
  });

  it('does not need the size, and reads a file that grew since the walk saw it to its end', () => {
    const text = `${'// filler\n'.repeat(5000)}stripe = "${key}"\n`;
    const path = write('grown.ts', text);
    const expected = { findings: scanText('grown.ts', text) };
    assert.equal(expected.findings.length, 1);
    assert.deepEqual(scanFile(path, 'grown.ts', {}), expected);
    assert.deepEqual(scanFile(path, 'grown.ts', {}, 100), expected);
    assert.deepEqual(scanFile(path, 'grown.ts', {}, 0), expected);
  });

  it('calls a file binary by a NUL in its first 8 KB, large or small, and not by one further in', () => {
    const big = Buffer.alloc(1024 * 1024, 0x41);
    big[100] = 0;
    assert.deepEqual(scanFile(write('big.bin', big), 'big.bin', {}, big.length), { binary: true });
    assert.deepEqual(scanFile(write('small.bin', Buffer.from('ab\0cd')), 'small.bin', {}), { binary: true });
    const late = Buffer.concat([Buffer.alloc(9000, 0x20), Buffer.from(`\0stripe = "${key}"\n`)]);
    assert.deepEqual(scanFile(write('late.txt', late), 'late.txt', {}), { findings: [] });
  });
});
