import { strict as assert } from 'node:assert';
import type { AlertHistoryEntry } from '../../../src/core/alerts/AlertHistory';
import type { ServiceStatus, StateTransition } from '../../../src/core/engine/state';
import { buildReport } from '../../../src/core/report/buildReport';
import type { LastRun } from '../../../src/core/report/LastRun';
import { parseLastRun } from '../../../src/core/report/readLastRunRecord';
import { escapeHtml, renderReportHtml } from '../../../src/core/report/renderReportHtml';
import { serviceUptime } from '../../../src/core/report/serviceUptime';
import { statusOf } from '../statusOf';
import { recordObserved, recordStops } from '../../../src/core/report/observedSinceRun';
import { GONE_UNSTOPPED } from '../../../src/core/engine/observeService';

const tr = (at: number, from: StateTransition['from'], to: StateTransition['to']): StateTransition => ({ at, from, to });

describe("report: uptime from a run's transitions", () => {
  it('counts from the first time up; downtime is any other state after that; a deliberate stop counts neither way', () => {
    const t = [
      tr(0, 'stopped', 'waiting'),
      tr(100, 'waiting', 'starting'),
      tr(300, 'starting', 'healthy'),
      tr(1300, 'healthy', 'exited'),
      tr(1400, 'exited', 'starting'),
      tr(1500, 'starting', 'healthy'),
      tr(2300, 'healthy', 'stopping'),
      tr(2400, 'stopping', 'stopped'),
    ];
    assert.deepEqual(serviceUptime(t, 5000), { percent: (100 * 1800) / 2000, upMs: 1800, downMs: 200 });
    assert.deepEqual(serviceUptime(t.slice(0, 3), 1300), { percent: 100, upMs: 1000, downMs: 0 });
    assert.deepEqual(serviceUptime(t.slice(0, 2), 1300), { percent: null, upMs: 0, downMs: 0 });
    assert.deepEqual(serviceUptime(t, 1350), { percent: (100 * 1000) / 1050, upMs: 1000, downMs: 50 });
  });
});

describe('report: buildReport', () => {
  const status = (name: string, over: Partial<ServiceStatus> = {}) => statusOf(name, 'healthy', { since: 1000, ...over });
  const run: LastRun = {
    version: 1,
    stack: 's',
    profile: null,
    selected: ['db', 'api'],
    mode: 'wait',
    startedAt: 10_000,
    updatedAt: 11_000,
    ok: true,
    failures: [],
    services: [
      {
        name: 'api',
        kind: 'process',
        state: 'healthy',
        restarts: 0,
        transitions: [tr(10_000, 'stopped', 'waiting'), tr(10_500, 'waiting', 'starting'), tr(10_800, 'starting', 'healthy')],
      },
      {
        name: 'db',
        kind: 'process',
        state: 'healthy',
        restarts: 0,
        transitions: [tr(10_000, 'stopped', 'starting'), tr(10_400, 'starting', 'healthy')],
      },
    ],
  };
  it('a process killed after `up --wait` counts as down since the run last vouched for it; its `since` is then, not the report time', () => {
    const r = buildReport({
      stack: 's',
      profile: null,
      now: 19_000,
      statuses: [status('api', { state: 'exited', since: 19_000, reason: GONE_UNSTOPPED }), status('db', { since: 19_000 })],
      lastRun: run,
      history: [],
      skippedHistoryLines: 0,
    });
    const api = r.services.find((x) => x.name === 'api')!;
    assert.equal(api.since, new Date(11_000).toISOString());
    assert.deepEqual({ upMs: api.uptime.upMs, downMs: api.uptime.downMs }, { upMs: 200, downMs: 8000 });
    assert.ok(api.uptime.percent! < 100);
    assert.match(api.detail, /unknown time after/);
    // A healthy one is not touched.
    assert.equal(r.services.find((x) => x.name === 'db')!.uptime.downMs, 0);
  });

  it('a service stopped by `stackpilot stop` is stopped since the stop the run recorded, and the stop is not downtime', () => {
    const stoppedRun = recordStops(run, ['api'], 15_000, 'stackpilot stop');
    const r = buildReport({
      stack: 's',
      profile: null,
      now: 19_000,
      statuses: [status('api', { state: 'stopped', since: 19_000 })],
      lastRun: stoppedRun,
      history: [],
      skippedHistoryLines: 0,
    });
    const api = r.services[0]!;
    assert.equal(api.since, new Date(15_000).toISOString());
    assert.equal(api.uptime.downMs, 0);
    assert.equal(api.uptime.upMs, 4200);
  });

  it('`down` after an unseen kill: the death is recorded first, so the later stop does not turn the downtime into uptime', () => {
    const seen = recordObserved(run, [status('api', { state: 'exited', since: 19_000, reason: GONE_UNSTOPPED })]);
    // down stops only what still ran: api had died, so no stop is recorded for it.
    const downRun = recordStops(seen, [], 19_500, 'stackpilot down');
    const r = buildReport({
      stack: 's',
      profile: null,
      now: 20_000,
      statuses: [status('api', { state: 'stopped', since: 20_000 })],
      lastRun: downRun,
      history: [],
      skippedHistoryLines: 0,
    });
    const api = r.services.find((x) => x.name === 'api')!;
    assert.equal(api.uptime.upMs, 200);
    assert.ok(api.uptime.downMs >= 8000, JSON.stringify(api.uptime));
  });

  const h = (at: number, kind: AlertHistoryEntry['kind'], key = 'service-down/db'): AlertHistoryEntry => ({
    at,
    kind,
    key,
    ruleId: key.split('/')[0],
    service: key.split('/')[1],
    severity: 'critical',
    summary: 'Service is down',
    notify: true,
  });

  it('start-up timeline, uptime, alerts of the run only (older history left out), summary', () => {
    const r = buildReport({
      stack: 's',
      profile: null,
      now: 20_000,
      lastRun: run,
      skippedHistoryLines: 1,
      statuses: [status('db', { since: 10_400 }), status('api', { state: 'exited', since: 15_000, reason: 'exited with code 1' })],
      history: [
        h(5000, 'firing', 'old/db'),
        h(12_000, 'pending'),
        h(12_000, 'firing'),
        h(13_000, 'resolved'),
        h(14_000, 'firing', 'cpu-high/api'),
        h(14_500, 'pending', 'x/api'),
        h(14_600, 'cancelled', 'x/api'),
      ],
    });
    assert.deepEqual(r.startup, [
      { service: 'db', queuedMs: 0, startedMs: 0, readyMs: 400, failedMs: null },
      { service: 'api', queuedMs: 0, startedMs: 500, readyMs: 800, failedMs: null },
    ]);
    assert.equal(r.run?.allReadyMs, 800);
    assert.deepEqual(r.summary, { services: 2, up: 1, down: 1, firing: 1, alertTransitions: 6 });
    assert.deepEqual(
      r.alerts.byAlert.map((a) => [a.key, a.state, a.fired, a.firingMs]),
      [
        ['cpu-high/api', 'firing', 1, 6000],
        ['service-down/db', 'resolved', 1, 1000],
      ],
    );
    assert.equal(r.alerts.skippedLines, 1);
    assert.deepEqual(r.services.find((s) => s.name === 'db')!.uptime, {
      percent: 100,
      upMs: 9600,
      downMs: 0,
      source: 'transitions',
      target: null,
    });
    assert.equal(r.services.find((s) => s.name === 'api')!.detail, 'exited with code 1');
  });

  it('the HTML page escapes everything from the stack and loads nothing from outside', () => {
    const evil = '<script>alert("x")</script>';
    const r = buildReport({
      stack: evil,
      profile: `'${evil}`,
      now: 20_000,
      lastRun: { ...run, failures: [evil] },
      statuses: [status('db', { reason: evil, state: 'failed' })],
      history: [{ ...h(12_000, 'firing'), summary: evil }],
      skippedHistoryLines: 0,
    });
    const html = renderReportHtml(r);
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(html.includes(escapeHtml(evil)));
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.ok(!/src=|href=|url\(|@import/.test(html));
  });

  it("counts only what the run selected; the stack's other services are listed apart, with the run's profile", () => {
    const r = buildReport({
      stack: 's',
      profile: 'other',
      now: 19_000,
      statuses: [status('db'), status('api'), status('tools', { state: 'stopped' }), status('docs', { state: 'exited' })],
      lastRun: { ...run, profile: 'web' },
      history: [],
      skippedHistoryLines: 0,
    });
    assert.deepEqual({ services: r.summary.services, up: r.summary.up, down: r.summary.down }, { services: 2, up: 2, down: 0 });
    assert.deepEqual(
      r.services.map((s) => s.name),
      ['db', 'api'],
    );
    assert.deepEqual(r.notInRun, [
      { name: 'tools', kind: 'process', state: 'stopped' },
      { name: 'docs', kind: 'process', state: 'exited' },
    ]);
    assert.equal(r.profile, 'web');
    assert.deepEqual(r.startup.map((x) => x.service).sort(), ['api', 'db']);
    const html = renderReportHtml(r);
    assert.match(html, />2\/2<\/b>services up/);
    assert.match(
      html,
      /Not part of this run[^<]*not counted: tools <span class="mid">\(stopped now\)<\/span>, docs <span class="bad">\(exited now\)<\/span>/,
    );
    // A record without a selection (older, hand-edited) leaves every service in, as before.
    const all = buildReport({
      stack: 's',
      profile: null,
      now: 19_000,
      statuses: [status('db'), status('tools', { state: 'stopped' })],
      lastRun: { ...run, selected: [] },
      history: [],
      skippedHistoryLines: 0,
    });
    assert.equal(all.summary.services, 2);
    assert.deepEqual(all.notInRun, []);
  });

  it('a last-run file that is not one is ignored', () => {
    assert.equal(parseLastRun(null), undefined);
    assert.equal(parseLastRun({ version: 2 }), undefined);
    assert.equal(parseLastRun({ version: 1, stack: 's', startedAt: 1, services: [{ name: 1 }] })?.services.length, 0);
  });
});
