import { escapeMarkdown } from './escapeMarkdown';
import type { StackSnapshot } from './StackSnapshot';
import type { StackSummary } from './summarizeStack';

/** The only commands the status bar's trusted tooltip may link to. */
export const TOOLTIP_COMMANDS = [
  'stackpilot.stack.start',
  'stackpilot.stack.stop',
  'stackpilot.view.focus',
  'stackpilot.config.validate',
  'stackpilot.dashboard.show',
  'stackpilot.service.showLogs',
];

/** `encodeURIComponent` leaves ( ) ' ! * alone; a `)` would end a Markdown link target early. */
function encodeArg(value: unknown): string {
  return encodeURIComponent(JSON.stringify(value)).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The status bar tooltip as Markdown (rendered trusted, with `$(icon)`s). Every name and detail
 * comes from the repository's stack file or a service's output, so each is escaped: only the links
 * written here are links.
 */
export function statusTooltipMarkdown(snapshot: StackSnapshot, summary: StackSummary): string {
  let md = `**Stackpilot**${snapshot.config ? ` · ${escapeMarkdown(snapshot.config.name)}` : ''}${snapshot.profile ? ` · profile ${escapeMarkdown(snapshot.profile)}` : ''}\n\n`;
  if (!snapshot.trusted) md += '$(shield) Workspace not trusted (Restricted Mode): nothing from it runs, services are not checked.\n\n';
  if (snapshot.stale) md += `$(warning) ${escapeMarkdown(snapshot.stale)}\n\n`;
  else if (snapshot.supervisedBy) md += `Supervised by ${escapeMarkdown(snapshot.supervisedBy)}: its view.\n\n`;
  for (const l of summary.lines) {
    md += `- [${escapeMarkdown(l.service)}](command:stackpilot.service.showLogs?${encodeArg([l.service])} "Show logs") ${l.state}${l.warning ? ` · $(warning) ${l.warning}` : ''}${l.detail ? ` — ${escapeMarkdown(l.detail)}` : ''}\n`;
  }
  if (summary.lines.length) md += '\n';
  const links = snapshot.trusted ? ['[Start](command:stackpilot.stack.start)', '[Stop](command:stackpilot.stack.stop)'] : [];
  links.push('[Dashboard](command:stackpilot.dashboard.show)', '[Services](command:stackpilot.view.focus)');
  return md + links.join(' · ');
}
