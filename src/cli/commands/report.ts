import * as path from 'node:path';
import { buildReport } from '../../core/report/buildReport';
import { renderReportHtml } from '../../core/report/renderReportHtml';
import { createLogger } from '../../infra/createLogger';
import { createStackEngine } from '../../infra/createStackEngine';
import { parseReportHistory } from '../../core/report/parseReportHistory';
import { parseArgs, stringFlag } from '../args';
import { readLastRun } from '../../infra/state/lastRunFile';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';
import { writeFileAtomicSync } from '../../infra/state/writeFileAtomicSync';
import { readRunFile } from '../../infra/state/readRunFile';
import { refuseLinkedDirSync } from '../../infra/state/realRunDir';

/**
 * `stackpilot report [--out DIR] [--history FILE]`: health, uptime, alerts and the start-up timeline
 * of the stack's last run (`.stackpilot/last-run.json`, the alert history `.stackpilot/alerts.jsonl`,
 * and the services as they are now) as `report.json` and a self-contained `report.html`.
 */
export async function runReport(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { string: [...stackOptions.string, 'out', 'history'], boolean: stackOptions.boolean });
  const out = new Output(io);
  const loaded = await loadForCli(args, io, out);
  if (!loaded.config) return 1;
  const dir = path.resolve(io.cwd, stringFlag(args, 'out') ?? loaded.runDir);
  const historyFile = path.resolve(io.cwd, stringFlag(args, 'history') ?? path.join(loaded.runDir, 'alerts.jsonl'));
  const logger = createLogger();
  const engine = createStackEngine(loaded.config, { output: logger, runDir: loaded.runDir });
  try {
    const statuses = await engine.observe();
    const shown = (f: string) => path.relative(io.cwd, f) || f;
    // Bounded, never through a link, never a FIFO (it blocked report for good): `.stackpilot/` may come with the repository.
    const historyText = readRunFile(historyFile, {
      refused: (why) => out.error(`not reading the alert history ${shown(historyFile)}: it ${why}`),
    });
    const history = historyText !== undefined ? parseReportHistory(historyText) : { entries: [], skipped: [] };
    const first = history.skipped[0];
    const firstSkipped = first ? `${shown(historyFile)}:${first.line}: ${first.reason}` : undefined;
    if (first)
      out.line(
        out.paint(
          'yellow',
          `skipped ${history.skipped.length} unreadable line${history.skipped.length === 1 ? '' : 's'} of the alert history (first: ${firstSkipped})`,
        ),
      );
    const { run: lastRun, notes } = readLastRun(loaded.runDir, shown);
    for (const n of notes) out.line(out.paint('yellow', n));
    if (!lastRun)
      out.line(
        out.paint(
          'yellow',
          'no recorded run (.stackpilot/last-run.json): the report shows the services as they are now; run `stackpilot up` first for uptime and the start-up timeline',
        ),
      );
    const report = buildReport({
      stack: loaded.config.name,
      profile: loaded.profile ?? null,
      now: Date.now(),
      statuses,
      ...(lastRun ? { lastRun } : {}),
      history: history.entries,
      skippedHistoryLines: history.skipped.length,
      ...(firstSkipped ? { firstSkippedHistoryLine: firstSkipped } : {}),
      notes,
    });
    const json = path.join(dir, 'report.json');
    const html = path.join(dir, 'report.html');
    // 0600 like every file Stackpilot writes, and whole or not at all.
    // The default folder is the repository's `.stackpilot/`: never written through a shipped link.
    if (stringFlag(args, 'out') === undefined) refuseLinkedDirSync(dir);
    writeFileAtomicSync(json, `${JSON.stringify(report, null, 2)}\n`);
    writeFileAtomicSync(html, renderReportHtml(report));
    const s = report.summary;
    out.line(
      `${out.paint('bold', report.stack)}: ${s.up}/${s.services} up${report.run?.endedAt ? ' and' : ','} ${s.firing} alert${s.firing === 1 ? '' : 's'} firing${report.run?.endedAt ? ' at the end of the run' : ''}, ${s.alertTransitions} alert transition${s.alertTransitions === 1 ? '' : 's'} in the run`,
    );
    if (report.notInRun.length > 0)
      out.line(
        out.paint(
          'gray',
          `not part of the run (not selected by its profile), not counted: ${report.notInRun.map((n) => n.name).join(', ')}`,
        ),
      );
    out.line(`wrote ${path.relative(io.cwd, json) || json}`);
    out.line(`wrote ${path.relative(io.cwd, html) || html}`);
    return 0;
  } finally {
    engine.dispose();
  }
}
