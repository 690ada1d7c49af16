import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseWebviewMessage } from '../../../src/shared/protocol';
import { dashboardPage } from '../../../src/vscode/dashboard/dashboardPage';

const parts = { nonce: 'n0nce', cspSource: 'vscode-resource:', script: 'dashboard.js', styles: ['a.css'] };

describe('the bench-only render acknowledgement stays out of the product', () => {
  it('is asked for only by a page built with measureRender (bench:dashboard), never by default', () => {
    assert.doesNotMatch(dashboardPage(parts), /data-measure-render/);
    assert.match(dashboardPage({ ...parts, measureRender: true }), /<body data-measure-render>/);
  });

  it('is dropped by the host: parseWebviewMessage does not accept it', () => {
    assert.equal(parseWebviewMessage({ type: 'rendered', sentAt: 1, renderedAt: 2 }), undefined);
  });

  it('the extension builds its page without it, and only the bench asks for it', () => {
    const root = path.resolve(__dirname, '../../..');
    const users = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => {
        if (!f.endsWith('.ts')) return false;
        return /measureRender:\s*true/.test(fs.readFileSync(path.join(root, dir, f), 'utf8'));
      });
    assert.deepEqual(users('src'), []);
    assert.deepEqual(users('bench'), ['dashboard.ts']);
  });
});
