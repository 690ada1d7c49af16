import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { load } from './loadHelpers';

/** YAML-ish text: real YAML tokens (anchors, aliases, merges, flow and block collections, quotes, `${`) mixed with arbitrary text. */
const token = fc.oneof(
  fc.constantFrom(
    'services:',
    'web:',
    '  ',
    '    ',
    '\n',
    '- ',
    ': ',
    '&a ',
    '*a',
    '&b ',
    '*b',
    '<<: ',
    '[',
    ']',
    '{',
    '}',
    ', ',
    '"',
    "'",
    '#',
    '${',
    '}',
    '$',
    '|',
    '>',
    '---',
    '...',
    '!!str ',
    '?',
    '__proto__',
    'constructor',
    'toString',
    'command: x',
    'dependsOn: ',
    'health: ',
    'http: ',
    'env_file: ',
    'envFile: ',
    '\0',
    '\u202E',
    '\t',
  ),
  fc.string({ maxLength: 8 }),
);
const yamlish = fc.array(token, { maxLength: 80 }).map((parts) => parts.join(''));

describe('config loader: arbitrary YAML never crashes or hangs it (fast-check)', () => {
  it('returns diagnostics (or a config) for any stack file, compose file and .env', async function () {
    this.timeout(120_000);
    await fc.assert(
      fc.asyncProperty(yamlish, yamlish, fc.string({ maxLength: 60 }), async (stack, compose, dotenv) => {
        const started = Date.now();
        const r = await load({ 'stackpilot.yaml': stack, 'compose.yaml': compose, '.env': dotenv });
        assert.ok(Array.isArray(r.diagnostics));
        for (const d of r.diagnostics) assert.ok(d.location.line >= 1 && d.location.column >= 1, JSON.stringify(d));
        if (r.config) assert.equal(typeof r.config.services, 'object');
        // Generous: a hang shows up as the test's own timeout; this only flags a pathological input.
        assert.ok(Date.now() - started < 20_000);
      }),
      { numRuns: 300 },
    );
  });

  it('any alias structure stays within the expansion budget', async function () {
    this.timeout(120_000);
    const levels = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 9 });
    await fc.assert(
      fc.asyncProperty(levels, async (widths) => {
        let text = 'x-0: &a0 [v]\n';
        widths.forEach((w, i) => (text += `x-${i + 1}: &a${i + 1} [${Array(w).fill(`*a${i}`).join(', ')}]\n`));
        text += `services:\n  web: { command: x, x-all: *a${widths.length} }\n`;
        const r = await load({ 'stackpilot.yaml': text });
        const total = widths.reduce((n, w) => n * w, 1);
        if (total > 200_000)
          assert.ok(
            r.diagnostics.some((d) => d.code === 'yaml-alias-limit'),
            `${total} nodes expanded without an error`,
          );
      }),
      { numRuns: 15 },
    );
  });
});
