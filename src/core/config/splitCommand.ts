/**
 * Splits a command line into argv the way a POSIX shell would tokenise it, without expanding
 * anything: whitespace separates words, '…' is literal, "…" and \ escape. Returns an error message
 * for an unterminated quote.
 */
export function splitCommand(line: string): { argv: string[] } | { error: string } {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return { error: `unterminated ${quote === '"' ? 'double' : 'single'} quote` };
  if (inWord) argv.push(word);
  return { argv };
}

/** True when the text uses shell syntax that only works through a shell (pipes, &&, redirects, $VAR, globs). */
export function looksLikeShell(line: string): boolean {
  // Inside single quotes nothing is special; inside double quotes only `$` and backticks are.
  const unquoted = line
    .replace(/'[^']*'/g, "''")
    .replace(/"[^"]*"/g, (quoted) => `"${(quoted.match(/\$[({A-Za-z_]|`/g) ?? []).join(' ')}"`);
  return /(\|\||&&|[|;<>`]|\$[({A-Za-z_]|(^|\s)[*?]|\*\.)/.test(unquoted);
}
