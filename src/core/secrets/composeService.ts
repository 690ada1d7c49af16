import type { LineIndex } from './LineIndex';

const keyLine = /^(\s*)(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*:/;

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

/**
 * The compose service whose `environment:` holds 0-based `line`, read from the indentation of the
 * lines above (`services:` > NAME > `environment:`), or undefined when the line is elsewhere.
 * Enough for a finding's title; the loader does the real parsing.
 */
export function composeServiceAt(lines: LineIndex, line: number): string | undefined {
  let limit = indentOf(lines.lineText(line));
  const chain: string[] = [];
  for (let i = line - 1; i >= 0 && chain.length < 3; i--) {
    const text = lines.lineText(i);
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    const m = keyLine.exec(text);
    if (!m || m[1].length >= limit) continue;
    limit = m[1].length;
    chain.push(m[2]);
    if (limit === 0) break;
  }
  const [section, service, top] = chain;
  return section === 'environment' && top === 'services' ? service : undefined;
}
