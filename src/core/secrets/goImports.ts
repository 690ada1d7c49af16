/** What the Go side of "Move secret to .env" needs to know about a file: its imports and const blocks. Pure. */

export interface InsertLine {
  /** 0-based line the text goes before. */
  atLine: number;
  /** Without the final newline (the caller adds one). */
  text: string;
}

interface ImportLine {
  line: number;
  path: string;
  indent: string;
}

const singleImport = /^import\s+(?:[\w.]+\s+)?"([^"]+)"/;
const groupEntry = /^(\s*)(?:[\w.]+\s+)?"([^"]+)"/;

/**
 * Where to add `"os"` so that `os.Getenv` compiles, or undefined when the file imports it already
 * (or has no package clause). Into the first `import ( ... )` group at its sorted place within the
 * first run of entries (as gofmt keeps them), else as `import "os"` after the last single import,
 * else after the package clause.
 */
export function goOsImport(text: string): InsertLine | undefined {
  const lines = text.split(/\r?\n/);
  let pkg = -1;
  let lastSingle = -1;
  let group: ImportLine[] | undefined;
  let groupClose = -1;
  const paths: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l === '' || l.startsWith('//')) continue;
    if (l.startsWith('/*')) {
      while (i < lines.length && !lines[i].includes('*/')) i++;
      continue;
    }
    if (pkg === -1) {
      if (!/^package\s+\w+/.test(l)) return undefined;
      pkg = i;
      continue;
    }
    const single = singleImport.exec(l);
    if (single) {
      paths.push(single[1]);
      lastSingle = i;
      continue;
    }
    const oneLine = /^import\s*\((.*)\)\s*$/.exec(l);
    if (oneLine) {
      for (const m of oneLine[1].matchAll(/"([^"]+)"/g)) paths.push(m[1]);
      lastSingle = i;
      continue;
    }
    if (!/^import\s*\(/.test(l)) break;
    // A group: entries until the closing parenthesis (one per line, as gofmt writes them).
    const entries: ImportLine[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].trim().startsWith(')'); j++) {
      const e = groupEntry.exec(lines[j]);
      if (e) entries.push({ line: j, path: e[2], indent: e[1] });
      else if (lines[j].trim() === '' && entries.length > 0 && group === undefined) entries.push({ line: j, path: '', indent: '' });
    }
    paths.push(...entries.map((e) => e.path).filter((p) => p !== ''));
    if (group === undefined) {
      group = entries;
      groupClose = j;
    }
    i = j;
  }
  if (pkg === -1 || paths.includes('os')) return undefined;
  if (group !== undefined) {
    // The first run ends at a blank line (the '' entry); std-lib packages sort there.
    const blank = group.findIndex((e) => e.path === '');
    const run = blank === -1 ? group : group.slice(0, blank);
    const indent = run[0]?.indent ?? '\t';
    const after = run.find((e) => e.path > 'os');
    const atLine = after ? after.line : run.length > 0 ? run[run.length - 1].line + 1 : groupClose;
    return { atLine, text: `${indent}"os"` };
  }
  if (lastSingle !== -1) return { atLine: lastSingle + 1, text: 'import "os"' };
  return { atLine: pkg + 1, text: '\nimport "os"' };
}

/** Whether 0-based `line` lies inside a `const ( ... )` block, where a call such as `os.Getenv` cannot go. */
export function inGoConstBlock(text: string, line: number): boolean {
  const lines = text.split(/\r?\n/);
  let open = false;
  for (let i = 0; i < Math.min(line, lines.length); i++) {
    const l = lines[i].trim();
    if (/^const\s*\($/.test(l)) open = true;
    else if (open && l.startsWith(')')) open = false;
  }
  return open;
}
