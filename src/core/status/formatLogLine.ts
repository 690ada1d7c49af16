import type { LogLine } from '../ports';

/** `12:03:04.567 api | text`, `!` marks stderr: the shape the stackpilot-log grammar colours. */
export function formatLogLine(line: LogLine, width = 0): string {
  const t = new Date(line.at);
  const time = `${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}:${String(t.getSeconds()).padStart(2, '0')}.${String(t.getMilliseconds()).padStart(3, '0')}`;
  return `${time} ${line.service.padEnd(width)} ${line.stream === 'stderr' ? '!' : '|'} ${line.text}`;
}
