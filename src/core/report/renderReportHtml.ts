import type { ServiceState } from '../engine/state';
import { formatDuration } from '../status/formatDuration';
import { isFailing, isUp } from '../status/serviceStates';
import type { ReportService, RunReport, StartupRow } from './buildReport';

/** Every piece of text from the stack (names, reasons, summaries) goes through here. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const e = escapeHtml;
const pct = (v: number | null) => (v === null ? '—' : `${v >= 99.995 ? '100' : v.toFixed(v >= 99 ? 3 : 1)}%`);
const ms = (v: number | null) => (v === null ? '—' : v < 1000 ? `${Math.round(v)} ms` : formatDuration(v));
const mb = (v: number | null) => (v === null ? '—' : `${(v / 2 ** 20).toFixed(1)} MB`);
const tone = (state: ServiceState) => (isUp(state) ? 'ok' : isFailing(state) ? 'bad' : 'mid');

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--mute:#656d76;--line:#d0d7de;--ok:#1a7f37;--bad:#cf222e;--mid:#9a6700;--bar:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--mute:#8d96a0;--line:#30363d;--ok:#3fb950;--bad:#f85149;--mid:#d29922;--bar:#2f81f7}}
body{margin:2rem auto;max-width:72rem;padding:0 1rem;font:14px/1.45 system-ui,sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:1.5rem;margin:0}h2{font-size:1.1rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
.meta{color:var(--mute)}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--mute);font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:var(--ok)}.bad{color:var(--bad)}.mid{color:var(--mid)}
.cards{display:flex;gap:1rem;flex-wrap:wrap;margin-top:1rem}.card{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.4rem}
.gantt{position:relative;height:1.1rem;background:transparent}.gantt span{position:absolute;top:.2rem;height:.7rem;border-radius:2px}
.wait{background:var(--line)}.start{background:var(--bar)}.fail{background:var(--bad)}
`;

/** A self-contained page: inline CSS, no script, no external resource (the CSP says so too). */
export function renderReportHtml(r: RunReport): string {
  const title = `Stackpilot report — ${r.stack}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${CSS}</style></head>
<body>
<h1>${e(title)}</h1>
<p class="meta">Generated ${e(r.generatedAt)} · profile ${e(r.profile ?? '(default)')}${r.run ? ` · run started ${e(r.run.startedAt)}${r.run.endedAt ? `, ended ${e(r.run.endedAt)}` : ''} (${e(r.run.mode === 'supervise' ? 'supervised' : 'up --wait')})` : ' · no recorded run'}</p>
<div class="cards">
<div class="card"><b class="${r.summary.down ? 'bad' : r.summary.up === r.summary.services ? 'ok' : 'mid'}">${r.summary.up}/${r.summary.services}</b>services up${r.run?.endedAt ? ' at the end' : ''}</div>
<div class="card"><b class="${r.summary.firing ? 'bad' : 'ok'}">${r.summary.firing}</b>alerts firing${r.run?.endedAt ? ' at the end' : ''}</div>
<div class="card"><b>${r.summary.alertTransitions}</b>alert transitions</div>
<div class="card"><b>${e(ms(r.run?.allReadyMs ?? null))}</b>to all ready</div>
</div>
${r.notes.length ? `<h2>Notes</h2><p class="mid">Malformed input left out of this report:</p><ul>${r.notes.map((n) => `<li class="mid">${e(n)}</li>`).join('')}</ul>` : ''}
${r.run && r.run.failures.length ? `<h2>Start-up failures</h2><ul>${r.run.failures.map((f) => `<li class="bad">${e(f)}</li>`).join('')}</ul>` : ''}
<h2>Health and uptime</h2>
${servicesTable(r.services, !!r.run?.endedAt)}
${notInRun(r)}
<h2>Start-up timeline</h2>
${timeline(r.startup)}
<h2>Alerts</h2>
${alertsTable(r)}
</body></html>
`;
}

function servicesTable(services: readonly ReportService[], ended: boolean): string {
  if (services.length === 0) return '<p class="meta">No services.</p>';
  const rows = services.map(
    (s) =>
      `<tr><td>${e(s.name)}</td><td>${e(s.kind)}</td><td class="${tone(s.stateAtEnd ?? s.state)}">${e(s.stateAtEnd ?? s.state)}${s.stateAtEnd && s.stateAtEnd !== s.state ? ` <span class="meta">(now ${e(s.state)})</span>` : ''}</td><td>${e(s.detail)}</td>` +
      `<td class="num">${s.restarts}</td><td class="num ${s.uptime.target !== null && s.uptime.percent !== null && s.uptime.percent < s.uptime.target ? 'bad' : ''}">${e(pct(s.uptime.percent))}</td>` +
      `<td class="num">${e(ms(s.uptime.downMs))}</td><td class="num">${s.probe ? `${e(ms(s.probe.p50))} / ${e(ms(s.probe.p95))} / ${e(ms(s.probe.p99))}` : '—'}</td>` +
      `<td class="num">${s.cpuPercent === null ? '—' : `${s.cpuPercent.toFixed(1)}%`}</td><td class="num">${e(mb(s.memoryBytes))}</td></tr>`,
  );
  return `<table><thead><tr><th>Service</th><th>Kind</th><th>${ended ? 'State at the end of the run' : 'State'}</th><th>Detail</th><th>Restarts</th><th>Uptime</th><th>Down</th><th>Probe p50 / p95 / p99</th><th>CPU</th><th>Memory</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The stack's other services, named apart: the run did not select them, so they are not counted. */
function notInRun(r: RunReport): string {
  if (r.notInRun.length === 0) return '';
  const items = r.notInRun.map((s) => `${e(s.name)} <span class="${tone(s.state)}">(${e(s.state)} now)</span>`);
  return `<p class="meta not-in-run">Not part of this run (its profile did not select them), not counted: ${items.join(', ')}</p>`;
}

function timeline(rows: readonly StartupRow[]): string {
  if (rows.length === 0) return '<p class="meta">No start recorded (run <code>stackpilot up</code>).</p>';
  const span = Math.max(1, ...rows.map((r) => r.readyMs ?? r.failedMs ?? r.startedMs ?? r.queuedMs));
  const at = (v: number) => `${((100 * v) / span).toFixed(2)}%`;
  const width = (a: number, b: number) => `${Math.max(0.5, (100 * (b - a)) / span).toFixed(2)}%`;
  const body = rows.map((r) => {
    const started = r.startedMs ?? r.queuedMs;
    const end = r.readyMs ?? r.failedMs ?? started;
    const bars =
      (started > r.queuedMs ? `<span class="wait" style="left:${at(r.queuedMs)};width:${width(r.queuedMs, started)}"></span>` : '') +
      `<span class="${r.failedMs !== null ? 'fail' : 'start'}" style="left:${at(started)};width:${width(started, end)}"></span>`;
    return (
      `<tr><td>${e(r.service)}</td><td class="num">${e(ms(started - r.queuedMs))}</td><td class="num">${e(ms(r.readyMs !== null ? r.readyMs - started : null))}</td>` +
      `<td class="num ${r.failedMs !== null ? 'bad' : ''}">${e(r.failedMs !== null ? `failed at ${ms(r.failedMs)}` : ms(r.readyMs))}</td><td style="width:45%"><div class="gantt">${bars}</div></td></tr>`
    );
  });
  return `<table><thead><tr><th>Service</th><th>Waited</th><th>Start → ready</th><th>Ready at</th><th>Timeline (grey: waiting on dependencies)</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function alertsTable(r: RunReport): string {
  const n = r.alerts.skippedLines;
  const skipped = n
    ? `<p class="mid">${n} unreadable line${n === 1 ? '' : 's'} in the alert history ${n === 1 ? 'was' : 'were'} skipped${r.alerts.firstSkipped ? ` (first: ${e(r.alerts.firstSkipped)})` : ''}.</p>`
    : '';
  if (r.alerts.byAlert.length === 0) return `<p class="meta">No alert fired during this run.</p>${skipped}`;
  const rows = r.alerts.byAlert.map(
    (a) =>
      `<tr><td class="${a.state === 'firing' ? 'bad' : a.state === 'pending' ? 'mid' : 'ok'}">${e(a.state)}</td><td>${e(a.severity)}</td><td>${e(a.ruleId)}</td><td>${e(a.service ?? '(host)')}</td><td>${e(a.summary)}</td><td class="num">${a.fired}</td><td class="num">${e(ms(a.firingMs))}</td><td>${e(a.lastAt)}</td></tr>`,
  );
  const log = r.alerts.transitions
    .slice(-200)
    .map(
      (t) =>
        `<tr><td>${e(t.time)}</td><td>${e(t.kind)}</td><td>${e(t.key)}</td><td>${e(t.severity)}</td><td>${e(t.summary)}${t.notify ? '' : ' <span class="meta">(held back)</span>'}</td></tr>`,
    );
  return (
    `<table><thead><tr><th>State</th><th>Severity</th><th>Rule</th><th>Service</th><th>Summary</th><th>Fired</th><th>Firing for</th><th>Last change</th></tr></thead><tbody>${rows.join('')}</tbody></table>${skipped}` +
    `<h2>Alert transitions${r.alerts.transitions.length > 200 ? ' (last 200)' : ''}</h2><table><thead><tr><th>Time</th><th>Transition</th><th>Alert</th><th>Severity</th><th>Summary</th></tr></thead><tbody>${log.join('')}</tbody></table>`
  );
}
