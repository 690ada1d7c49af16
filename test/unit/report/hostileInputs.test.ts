import { strict as assert } from 'node:assert';
import type { ServiceStatus } from '../../../src/core/engine/state';
import { buildReport, type ReportInput } from '../../../src/core/report/buildReport';
import { parseReportHistory } from '../../../src/core/report/parseReportHistory';
import { readLastRunRecord } from '../../../src/core/report/readLastRunRecord';
import { renderReportHtml } from '../../../src/core/report/renderReportHtml';
import { statusOf } from '../statusOf';

const evil = '<script>alert(1)</script>';
const status = (name: string, over: Partial<ServiceStatus> = {}) => statusOf(name, 'healthy', { since: 1000, ...over });
const record = (over: Record<string, unknown> = {}) => ({
  version: 1,
  stack: 's',
  profile: null,
  selected: ['db'],
  mode: 'supervise',
  startedAt: 10_000,
  updatedAt: 11_000,
  endedAt: 19_000,
  failures: [],
  services: [
    {
      name: 'db',
      kind: 'process',
      state: 'healthy',
      restarts: 0,
      transitions: [
        { at: 10_000, from: 'stopped', to: 'starting' },
        { at: 10_400, from: 'starting', to: 'healthy' },
      ],
    },
  ],
  ...over,
});
const goodService = {
  name: 'db',
  restarts: 0,
  uptime: { sinceStartPercent: 100, upMs: 8600, downMs: 0, target: 99.9 },
  probe: { latency: { count: 3, p50: 2, p95: 3, p99: 3 } },
  cpuPercent: 1.5,
  memoryBytes: 2 ** 20,
};

/** Parses, builds and renders like `stackpilot report` does; throws what they throw. */
function report(raw: unknown, historyText = '', over: Partial<ReportInput> = {}) {
  const { run, notes } = readLastRunRecord(raw);
  const history = parseReportHistory(historyText);
  const r = buildReport({
    stack: 's',
    profile: null,
    now: 20_000,
    statuses: [status('db', { name: ((raw as { services?: { name?: unknown }[] })?.services?.[0]?.name as string) ?? 'db' })],
    ...(run ? { lastRun: run } : {}),
    history: history.entries,
    skippedHistoryLines: history.skipped.length,
    ...(history.skipped[0] ? { firstSkippedHistoryLine: `alerts.jsonl:${history.skipped[0].line}: ${history.skipped[0].reason}` } : {}),
    notes,
    ...over,
  });
  return { r, html: renderReportHtml(r), notes, history };
}

describe('report: hostile last-run files and alert histories', () => {
  it('a well-formed record keeps its metrics and adds no note', () => {
    const { r, notes } = report(record({ metrics: { at: 1, startedAt: 1, services: [goodService], host: {}, slowCollectors: {} } }));
    assert.deepEqual(notes, []);
    const db = r.services[0];
    assert.deepEqual(
      [db.uptime.source, db.uptime.target, db.probe?.p95, db.cpuPercent, db.memoryBytes],
      ['monitor', 99.9, 3, 1.5, 2 ** 20],
    );
  });

  it('malformed metrics (missing, wrong types, older shape) are dropped with a note, never a crash', () => {
    const cases: unknown[] = [
      'yes',
      42,
      null,
      [],
      {},
      { services: 'db' },
      { services: [null, 7, { name: 5 }] },
      { services: [{ name: 'db' }] },
      { services: [{ name: 'db', cpuPercent: '12.5', memoryBytes: { v: 1 }, restarts: 'x' }] },
      {
        services: [{ name: 'db', uptime: { sinceStartPercent: '100', upMs: 1, downMs: 0 }, probe: { latency: { count: 2, p50: 'fast' } } }],
      },
      { services: [{ name: 'db', uptime: 'always', probe: 'ok' }] },
      { services: [{ name: 'db', uptime: null, probe: { latency: null } }] },
    ];
    for (const metrics of cases) {
      const { r, html, notes } = report(record({ metrics }));
      assert.ok(html.includes('</html>'), JSON.stringify(metrics));
      const db = r.services[0];
      assert.equal(db.uptime.source, 'transitions', JSON.stringify(metrics));
      assert.ok(db.cpuPercent === null || typeof db.cpuPercent === 'number');
      if (JSON.stringify(metrics) !== '{"services":[{"name":"db"}]}')
        assert.ok(notes.length > 0 && r.notes.length > 0, `a note for ${JSON.stringify(metrics)}`);
    }
    assert.match(report(record({ metrics: { services: [{ name: 'db', cpuPercent: '12.5' }] } })).html, /metrics of db: cpuPercent/);
  });

  it('malformed parts of the record itself are dropped; a record that is not one gives no run, with a note', () => {
    const { r, notes } = report(
      record({
        failures: ['boom', 7, null],
        selected: 'db',
        mode: 42,
        endedAt: -1e20,
        ok: 'yes',
        services: [
          {
            name: 'db',
            state: 3,
            restarts: -1,
            kind: 'vm',
            transitions: [{ at: -1e20, from: 'stopped', to: 'healthy' }, { at: 10_400, from: 'starting', to: 'healthy' }, 'x'],
          },
          { name: 'nope' },
          null,
        ],
      }),
    );
    assert.deepEqual(r.run?.failures, ['boom']);
    assert.equal(r.run?.endedAt, null);
    assert.equal(r.run?.mode, 'wait');
    assert.equal(r.run?.ok, null);
    assert.equal(r.services[0].restarts, 0);
    assert.ok(notes.length >= 6, notes.join('\n'));
    for (const raw of [
      null,
      'x',
      [],
      { version: 2 },
      record({ startedAt: 1e400 }),
      record({ startedAt: -1e20 }),
      record({ services: {} }),
      record({ stack: 1 }),
    ]) {
      const got = report(raw);
      assert.equal(got.r.run, null);
      assert.equal(got.notes.length, 1);
      assert.ok(got.html.includes('no recorded run'));
    }
  });

  it('history lines with an unreadable time or wrong field types are skipped and reported with the first line number', () => {
    const good = (at: number, kind = 'firing') =>
      JSON.stringify({
        at,
        kind,
        key: 'service-down/db',
        ruleId: 'service-down',
        service: 'db',
        severity: 'critical',
        summary: 'Service is down',
        notify: true,
      });
    const text = [
      good(12_000),
      '{"at":-1e20,"kind":"firing","key":"k","ruleId":"r","severity":"critical","summary":"s"}',
      '{"at":1e400,"kind":"firing","key":"k","ruleId":"r","severity":"critical","summary":"s"}',
      '{"at":"12000","kind":"firing","key":"k","ruleId":"r","severity":"critical","summary":"s"}',
      '{"at":12000,"kind":"firing","key":"k"}',
      '{"at":12000,"kind":"exploded","key":"k","ruleId":"r","severity":"critical","summary":"s"}',
      '{"at":12000,"kind":"firing","key":"k","ruleId":"r","severity":"dire","summary":"s"}',
      '{"at":12000,"kind":"firing","key":"k","ruleId":"r","severity":"critical","summary":"s","service":{}}',
      '{"truncated',
      '',
      good(13_000, 'resolved'),
    ].join('\n');
    for (const raw of [record(), null]) {
      const { r, html, history } = report(raw, text);
      assert.deepEqual(
        history.skipped.map((s) => s.line),
        [2, 3, 4, 5, 6, 7, 8, 9],
      );
      assert.equal(history.skipped[0].reason, '`at` is not a time');
      assert.equal(r.alerts.skippedLines, 8);
      assert.equal(r.alerts.firstSkipped, 'alerts.jsonl:2: `at` is not a time');
      assert.deepEqual(
        r.alerts.transitions.map((t) => t.time),
        ['1970-01-01T00:00:12.000Z', '1970-01-01T00:00:13.000Z'],
      );
      assert.match(html, /8 unreadable lines in the alert history were skipped \(first: alerts\.jsonl:2: `at` is not a time\)/);
    }
  });

  it('buildReport itself drops entries whose time Date cannot show, counting them as skipped', () => {
    const entry = { kind: 'firing' as const, key: 'k', ruleId: 'r', severity: 'critical' as const, summary: 's', notify: true };
    const r = buildReport({
      stack: 's',
      profile: null,
      now: 20_000,
      statuses: [],
      history: [
        { ...entry, at: -1e20 },
        { ...entry, at: Number.NaN },
        { ...entry, at: 12_000 },
      ],
      skippedHistoryLines: 1,
    });
    assert.equal(r.alerts.skippedLines, 3);
    assert.equal(r.alerts.transitions.length, 1);
    assert.ok(r.alerts.firstSkipped);
    assert.ok(renderReportHtml(r).includes('3 unreadable lines'));
  });

  it('every string from a hostile file stays HTML-escaped: names, notes, reasons, first skipped line', () => {
    const { html, r } = report(
      record({
        stack: evil,
        failures: [evil],
        mode: evil,
        metrics: { services: [{ name: evil, cpuPercent: evil }] },
        services: [{ name: evil, state: evil, reason: evil, transitions: [{ at: 10_000, from: 'stopped', to: 'healthy' }] }],
      }),
      `${evil}\n{"at":12000,"kind":"firing","key":"${evil.replace(/"/g, '\\"')}","ruleId":"${evil}","severity":"critical","summary":"${evil}","service":"${evil}"}`,
      { stack: evil, profile: evil },
    );
    assert.ok(
      r.notes.some((n) => n.includes(evil)),
      'the hostile name is in a note',
    );
    assert.ok(r.alerts.firstSkipped?.includes('<'), 'the JSON error quotes the line');
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(!/<[a-z]+[^>]*\son\w+=/i.test(html), 'no event handler attribute');
  });
});
