// Test-only extension: waits for Stackpilot's API and writes its activation timings and a summary of
// its snapshot to the file named by STACKPILOT_PROBE_OUT (a real in-host reading, no mocks).
const fs = require('node:fs');
const vscode = require('vscode');

exports.activate = async function activate() {
  const out = process.env.STACKPILOT_PROBE_OUT;
  if (!out) return;
  const ext = vscode.extensions.getExtension('stackpilot.stackpilot');
  if (!ext) return fs.writeFileSync(out, JSON.stringify({ error: 'stackpilot.stackpilot is not installed' }));
  const api = await ext.activate();
  const write = () => {
    const snap = api.snapshot();
    const reading = JSON.stringify({
      timings: api.activationTimings(),
      stack: snap.config ? snap.config.name : null,
      statuses: snap.statuses.map((s) => ({
        name: s.name,
        state: s.state,
        reason: s.reason ?? null,
        exitCode: s.lastExit?.code ?? null,
        signal: s.lastExit?.signal ?? null,
        restarts: s.restarts,
        pid: s.pid ?? null,
      })),
      // Another process supervises the stack (its view is shown), and whether that view is stale.
      supervisedBy: snap.supervisedBy ?? null,
      stale: snap.stale ?? null,
      firingAlerts: snap.firingAlerts,
      alerts: snap.alerts.map((a) => ({ key: a.key, state: a.state, acknowledged: a.acknowledged, silenced: !!a.silencedBy })),
      diagnostics: snap.diagnostics.length,
      // True while this window supervises a run (started here, or adopted from an earlier one).
      active: snap.active,
    });
    fs.writeFileSync(`${out}.tmp`, reading);
    fs.renameSync(`${out}.tmp`, out);
    // Every reading, one a line (STACKPILOT_PROBE_HISTORY): what the window showed in between two looks of the test.
    if (process.env.STACKPILOT_PROBE_HISTORY) fs.appendFileSync(process.env.STACKPILOT_PROBE_HISTORY, `${Date.now()} ${reading}\n`);
  };
  write();
  api.onDidChange(write);
};
