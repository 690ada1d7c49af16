import { strict as assert } from 'node:assert';
import { allDetectors } from '../../../src/core/secrets/detectors/allDetectors';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeSecrets } from './fakeSecrets';

/**
 * Generous bounds: these catch catastrophic backtracking (seconds to hours), not small regressions.
 * Measured in CPU time of this process, not wall time: the scan is synchronous, so its CPU time is
 * what backtracking blows up, while wall time also counts every other process on a loaded machine
 * (two busy loops on the 2 cores made a 200 ms scan take over 2 s of wall time).
 */
function timed<T>(run: () => T): { result: T; ms: number } {
  const c0 = process.cpuUsage();
  const result = run();
  const c = process.cpuUsage(c0);
  return { result, ms: (c.user + c.system) / 1000 };
}

describe('secret scanning: pathological input', () => {
  const mb = 1024 * 1024;
  const inputs: [string, string][] = [
    ['1 MB of a', 'a'.repeat(mb)],
    ['1 MB of =', '='.repeat(mb)],
    ['1 MB of /', '/'.repeat(mb)],
    ['1 MB of A', 'A'.repeat(mb)],
    ['1 MB of 0', '0'.repeat(mb)],
    ['1 MB of keyword soup', 'password=secret:token_api_key-'.repeat(mb / 32)],
    ['1 MB line of base64 after a key', `api_key = "${'Ab9+'.repeat(mb / 4)}"`],
    ['long eyJ run', `eyJ${'eyJ.'.repeat(mb / 4)}`],
    ['long URL-ish run', `postgres://${'a:'.repeat(mb / 2)}@`],
    ['many BEGIN markers', '-----BEGIN PRIVATE KEY-----\n'.repeat(20000)],
    ['many short lines', 'token: x\n'.repeat(100000)],
    // Found by issue 15's closing attack: a Secret value of `a#a#…` before a U+2028 retried the
    // comment at every `#` (60 KB: 2 s); `_authToken=` repeated re-read 2,000 characters per hit (1 MB: 4 s).
    ['Kubernetes Secret value of a#a#… and U+2028', `kind: Secret\ndata:\n  k: ${'a#'.repeat(mb / 8)}a\u2028\n`],
    ['2 MB line of _authToken=', `//r/:_authToken= ${'_authToken='.repeat((2 * mb) / 11)}`],
    ['a line of _auth=', `_auth=${'_auth='.repeat(mb / 6)}`],
    // The rules for passwords in other syntaxes (the holdout corpus's misses): one long line of their keywords each.
    ['base64 PEM prefixes', 'LS0tLS1CRUdJTi'.repeat(mb / 14)],
    ['SQL IDENTIFIED BY', "CREATE USER x IDENTIFIED BY 'a".repeat(mb / 30)],
    ['docker login -p', 'docker login -p '.repeat(mb / 16)],
    ['netrc password', 'machine h login u password password '.repeat(mb / 36)],
    ['connection strings', '"Server=x;Password='.repeat(mb / 19)],
    ['typed declarations', 'const API_KEY: &str = "'.repeat(mb / 23)],
    ['define(', "define('DB_PASSWORD', '".repeat(mb / 23)],
    ['XML elements', '<password><password><password>'.repeat(mb / 30)],
  ];
  for (const [name, text] of inputs) {
    it(`${name} completes quickly`, () => {
      const { ms } = timed(() => scanText('data/input.env', text));
      assert.ok(ms < 2000, `${name}: ${ms.toFixed(0)} ms`);
    });
  }

  it('binary text (NUL bytes) is skipped', () => {
    const secret = `sk_live_${new FakeSecrets(3).alnum(30)}`;
    assert.deepEqual(scanText('a.bin', `\u0000\u0001${secret}`), []);
  });

  it('every detector regex is linear on its own keyword repeated', function () {
    // ~190 keywords × 270 KB each: the bound that matters is per scan, not this total (machines here are shared).
    this.timeout(120_000);
    for (const d of allDetectors) {
      for (const k of d.keywords) {
        const text = `${k}${'a'.repeat(64)}`.repeat(4000);
        const { ms } = timed(() => scanText('x.env', text));
        assert.ok(ms < 2000, `${d.id}/${k}: ${ms.toFixed(0)} ms`);
      }
    }
  });

  it('rescans a 2,000-line source file fast (sanity, not a benchmark)', () => {
    const f = new FakeSecrets(11);
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      if (i % 250 === 0) lines.push(`const apiKey${i} = "${f.alnum(32)}";`);
      else
        lines.push(
          `  export function handler${i}(req: Request, res: Response) { return res.json({ ok: true, path: req.path, id: ${i} }); }`,
        );
    }
    const text = lines.join('\n');
    scanText('src/big.ts', text);
    const { result, ms } = timed(() => scanText('src/big.ts', text));
    assert.equal(result.length, 8);
    assert.ok(ms < 250, `${ms.toFixed(1)} ms`);
  });
});
