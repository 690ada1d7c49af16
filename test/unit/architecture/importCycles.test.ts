/**
 * No import circles in src/ (type-only imports included: they still tie two files' changes
 * together). The imports are read with TypeScript's own pre-processor, without type-checking, so
 * this takes well under a second; `npx dpdm 'src/**\/*.ts'` says the same with more detail.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const src = path.resolve(__dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The files of src/ that `file` imports or re-exports (relative specifiers only). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, false);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s))
    .map((p) => [`${p}.ts`, path.join(p, 'index.ts')].find((c) => fs.existsSync(c)))
    .filter((p): p is string => p !== undefined);
}

describe('architecture: no import circles in src/', () => {
  it('every import chain ends (depth-first search finds no file on its own path)', () => {
    const graph = new Map(sourceFiles(src).map((f) => [f, importsOf(f)]));
    const done = new Set<string>();
    const onPath: string[] = [];
    const cycles: string[] = [];
    const visit = (f: string) => {
      const at = onPath.indexOf(f);
      if (at >= 0) {
        cycles.push([...onPath.slice(at), f].map((p) => path.relative(src, p)).join(' -> '));
        return;
      }
      if (done.has(f)) return;
      onPath.push(f);
      for (const g of graph.get(f) ?? []) visit(g);
      onPath.pop();
      done.add(f);
    };
    for (const f of graph.keys()) visit(f);
    assert.ok(graph.size > 100, `read ${graph.size} files`);
    assert.deepEqual(cycles, []);
  });
});
