import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { escapeMarkdown } from '../../../src/core/status/escapeMarkdown';
import { emptySnapshot, type StackSnapshot } from '../../../src/core/status/StackSnapshot';
import { statusTooltipMarkdown } from '../../../src/core/status/statusTooltip';
import { summarizeStack } from '../../../src/core/status/summarizeStack';
import type { StackConfig } from '../../../src/core/config/model';
import type { ServiceStatus } from '../../../src/core/engine/state';

// A real CommonMark renderer (markdown-it, which @vscode/vsce brings) shows what the tooltip's Markdown turns into.
const md = (createRequire(__filename)('markdown-it') as () => { render(s: string): string })();
const links = (html: string) => [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => decodeURIComponent(m[1]));

const hostile = 'x [Stop](command:stackpilot.stack.stop) <img src=x> $(zap) `code` ![i](http://e/x.png)';

function snapshot(name: string, service: string, trusted = true): StackSnapshot {
  const config = {
    name,
    root: '/r',
    files: ['/r/stackpilot.yaml'],
    services: { [service]: {} },
    profiles: {},
    extensions: {},
  } as unknown as StackConfig;
  const status: ServiceStatus = {
    name: service,
    kind: 'process',
    state: 'unhealthy',
    since: 0,
    waitingOn: [],
    restarts: 0,
    adopted: false,
    transitions: [],
    reason: `probe said ${hostile}`,
  };
  return { ...emptySnapshot, config, selected: [service], profile: `p ${hostile}`, statuses: [status], trusted };
}

describe('status bar tooltip (trusted Markdown)', () => {
  it("escapes stack, profile and service names and details: no link but the tooltip's own", () => {
    const s = snapshot(hostile, `svc)${hostile}`);
    const html = md.render(statusTooltipMarkdown(s, summarizeStack(s)));
    const hrefs = links(html);
    assert.deepEqual(
      hrefs.filter((h) => !h.startsWith('command:stackpilot.service.showLogs?')),
      [
        'command:stackpilot.stack.start',
        'command:stackpilot.stack.stop',
        'command:stackpilot.dashboard.show',
        'command:stackpilot.view.focus',
      ],
    );
    // The one logs link carries the whole hostile name as its argument, not a truncated one.
    const logs = hrefs.filter((h) => h.startsWith('command:stackpilot.service.showLogs?'));
    assert.deepEqual(
      logs.map((h) => JSON.parse(h.slice(h.indexOf('?') + 1)) as unknown),
      [[`svc)${hostile}`]],
    );
    assert.ok(!html.includes('<img'), html);
    assert.ok(!html.includes('<code>'), html);
    assert.ok(html.includes('[Stop](command:stackpilot.stack.stop)'), 'the name is shown as typed');
  });

  it('in Restricted Mode says so and offers no Start/Stop', () => {
    const s = snapshot('demo', 'db', false);
    const text = statusTooltipMarkdown(s, summarizeStack(s));
    assert.match(text, /Restricted Mode/);
    assert.ok(!text.includes('stackpilot.stack.start'));
  });

  it('escapeMarkdown flattens line breaks and escapes the codicon syntax', () => {
    assert.equal(escapeMarkdown('a\n# b'), 'a \\# b');
    assert.equal(escapeMarkdown('$(zap)'), '\\$\\(zap\\)');
  });
});
