import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

describe('dashboard CSS: no text drawn in a tone colour', () => {
  it('state words and other text use a foreground colour; a tone colours only dots, borders and marks (WCAG AA in light themes)', () => {
    const css = fs.readFileSync(path.join(__dirname, '../../../media/dashboard.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    // The light theme's testing.iconPassed (#388a34 class greens) on a near-white card is under 4.5:1 for small text.
    const offending = css.split('}').filter((rule) => /(^|[;{\s])color:\s*var\(--tone\)/.test(rule));
    assert.deepEqual(offending, []);
    assert.match(css, /\.state \{[^}]*color: var\(--vscode-foreground\)/);
  });
});
