/**
 * Dashboard cards and chart axes at three window widths, in code-server through Chromium: no card
 * value is cut or spills out of its card (`mem 42.6…`, `last probe faile…`, a probe detail cut
 * mid-word), and the charts' time labels keep one format and room between them. Screenshots per
 * width go to test-results/.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { CodeServerSession, cleanupExtensionsDir, repoRoot, runCommand } from './codeServer';

function dashboard(session: CodeServerSession): FrameLocator {
  return session.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The few DOM shapes the check reads (this file is compiled without the DOM library). */
interface Box {
  left: number;
  right: number;
}
interface Node0 {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<Node0>;
}
interface El extends Node0 {
  scrollWidth: number;
  clientWidth: number;
  className: string;
  tagName: string;
  getBoundingClientRect(): Box;
  querySelectorAll(s: string): ArrayLike<El>;
  closest(s: string): El | null;
  getAttribute(n: string): string | null;
}
interface PageWindow {
  getComputedStyle(e: El): { textOverflow: string; overflowX: string; borderRightWidth: string };
  document: { createRange(): { selectNodeContents(n: Node0): void; getBoundingClientRect(): Box } };
}

/** Every element of every card whose content is wider than its box, or text past the card's edge: `service: what`. */
const overflows = (view: FrameLocator) =>
  view.locator('main').evaluate((main) => {
    const w = globalThis as unknown as PageWindow;
    const found: string[] = [];
    for (const card of Array.from((main as unknown as El).querySelectorAll('.card'))) {
      const name = card.getAttribute('data-service');
      const edge = card.getBoundingClientRect().right - parseFloat(w.getComputedStyle(card).borderRightWidth);
      for (const e of [card, ...Array.from(card.querySelectorAll('*'))]) {
        if (e.tagName === 'CANVAS' || e.closest('svg')) continue;
        const style = w.getComputedStyle(e);
        if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
          found.push(`${name}: <${e.className}> ${e.scrollWidth} > ${e.clientWidth}`);
        if (style.textOverflow === 'ellipsis' && style.overflowX !== 'visible')
          found.push(`${name}: <${e.className}> may be cut with an ellipsis`);
        for (const n of Array.from(e.childNodes)) {
          if (n.nodeType !== 3 || !n.textContent?.trim()) continue;
          const r = w.document.createRange();
          r.selectNodeContents(n);
          const right = r.getBoundingClientRect().right;
          if (right > edge + 1)
            found.push(`${name}: "${n.textContent}" ends at ${Math.round(right)} past the card's edge ${Math.round(edge)}`);
        }
      }
    }
    return found;
  });

describe('e2e: dashboard cards and chart axes at 1600, 1200 and 900 px', function () {
  this.timeout(300_000);
  const session = new CodeServerSession({
    workspace: path.join(repoRoot, 'test', 'fixtures', 'e2e-card-widths'),
    files: { 'services/svc.js': 'test/fixtures/services/svc.js' },
    trust: true,
    settings: { 'stackpilot.autoStart': 'on' },
  });
  before(async () => {
    await session.open();
    // broken's probe never passes: 3 of 4 up, the fourth unhealthy.
    await session.page.locator('.statusbar-item', { hasText: '3/4 up' }).waitFor({ timeout: 90_000 });
    await runCommand(session.page, 'Stackpilot: Show Dashboard');
    const view = dashboard(session);
    await view.locator('[data-service="payments-gateway-api"][data-state="healthy"] .probe-warn').waitFor({ timeout: 30_000 });
    await view.locator('[data-service="broken"][data-state="unhealthy"]').waitFor({ timeout: 30_000 });
    await view.locator('[data-service="db"] .usage', { hasText: /% of 512[ \u00a0]MB\)/ }).waitFor({ timeout: 30_000 });
    // Some samples, so the charts have an axis to label.
    await view.locator('.chart[data-metric="memory"]:not(.no-data)[data-x-labels]').waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await session.close();
    cleanupExtensionsDir();
  });

  for (const width of [1600, 1200, 900]) {
    it(`${width} px: every card value whole and inside its card; chart time labels in one format`, async () => {
      await session.page.setViewportSize({ width, height: 1000 });
      const view = dashboard(session);
      // The layout follows the resize; the charts redraw on their ResizeObserver.
      await session.page.waitForTimeout(1500);
      const cut = await overflows(view);
      await session.screenshot(`dashboard-cards-${width}`);
      assert.deepEqual(cut, [], cut.join('\n'));
      // What used to lose its end, read whole.
      const pay = view.locator('[data-service="payments-gateway-api"]');
      assert.match((await pay.locator('.probe-warn').textContent()) ?? '', /^last probe failed \(\d+ of 100000\)$/);
      assert.match((await pay.locator('.detail').textContent()) ?? '', /-> 503 after \d+\u00a0ms \(expected 200-399\)$/);
      assert.match(
        (await view.locator('[data-service="db"] .usage').textContent()) ?? '',
        /mem [\d.]+\u00a0(KB|MB) \(\d+% of 512\u00a0MB\)$/,
      );

      // The start-up timeline names each service whole (its name column was 110 px: `payments-gatew…`).
      const names = view.locator('.gantt .g-row:not(.g-axis-row) .g-name');
      assert.ok((await names.count()) === 4, 'four rows in the start-up timeline');
      const cutNames = await names.evaluateAll((es) =>
        (es as unknown as El[])
          .filter((e) => e.scrollWidth > e.clientWidth + 1)
          .map((e) => `${e.textContent}: ${e.scrollWidth} > ${e.clientWidth}`),
      );
      assert.deepEqual(cutNames, [], `timeline names cut at ${width} px: ${cutNames.join(', ')}`);
      // ...on one line with its bar, and every bar starts at one x (one name column).
      const rows = await view.locator('.gantt .g-row:not(.g-axis-row)').evaluateAll((rs) =>
        (rs as unknown as El[]).map((r) => {
          const n = r.querySelectorAll('.g-name')[0].getBoundingClientRect() as Box & { top: number; bottom: number };
          const t = r.querySelectorAll('.g-track')[0].getBoundingClientRect() as Box & { top: number; bottom: number };
          return { name: n.right, left: t.left, sameLine: t.top < n.bottom && n.top < t.bottom };
        }),
      );
      assert.ok(
        rows.every((r) => r.sameLine && r.left >= r.name),
        `timeline rows at ${width} px: ${JSON.stringify(rows)}`,
      );
      assert.equal(new Set(rows.map((r) => Math.round(r.left))).size, 1, `timeline bars start at one x: ${JSON.stringify(rows)}`);
      // The timeline is redrawn as updates arrive: a redraw may detach it mid-scroll (only the screenshot needs it).
      const gantt = view.locator('.gantt');
      await gantt.scrollIntoViewIfNeeded().catch(() => gantt.scrollIntoViewIfNeeded().catch(() => undefined));
      await session.screenshot(`dashboard-timeline-${width}`);

      await view.locator('#charts').scrollIntoViewIfNeeded();
      await session.page.waitForTimeout(500);
      for (const metric of ['latency', 'cpu', 'memory']) {
        const chart = view.locator(`.chart[data-metric="${metric}"]`);
        const labels = ((await chart.getAttribute('data-x-labels')) ?? '').split(' ').filter(Boolean);
        const chartWidth = await chart.evaluate((e) => (e as unknown as El).clientWidth);
        assert.ok(labels.length >= 2, `${metric} at ${width}: ${labels.join(' ')}`);
        const format = labels[0].length === 8 ? /^\d\d:\d\d:\d\d$/ : /^\d\d:\d\d$/;
        for (const l of labels) assert.match(l, format, `${metric} at ${width}: one format, no date (${labels.join(' ')})`);
        // A label is at most ~60 px wide: never more of them than fit side by side.
        assert.ok(labels.length * 50 <= chartWidth, `${metric} at ${width}: ${labels.length} labels on ${chartWidth} px`);
      }
      await session.screenshot(`dashboard-charts-${width}`);
      await view.locator('header').scrollIntoViewIfNeeded();
    });
  }
});
