import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostics } from './Diagnostics';
import type { SourceLocation } from './model';
import { SourceIndex, type TreePath } from './SourceIndex';

export interface ParsedYaml {
  /** Plain JS value (maps as objects, `<<` merge keys applied, aliases resolved), undefined on a syntax error. */
  value: unknown;
  index: SourceIndex;
}

/**
 * Parses one YAML file into a plain tree plus a SourceIndex of where every key and value is written.
 * Syntax errors become located diagnostics. Merge keys (`<<: *base`, `<<: [*a, *b]`) follow YAML
 * 1.1 merge semantics as docker compose applies them: keys written in the map win, then earlier
 * merged maps win over later ones.
 */
export function parseYaml(file: string, text: string, diags: Diagnostics): ParsedYaml {
  const lc = new LineCounter();
  const doc = parseDocument(text, { merge: true, keepSourceTokens: true, lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const loc = (offset: number, end?: number): SourceLocation => {
    const s = lc.linePos(offset);
    const e = end === undefined ? undefined : lc.linePos(end);
    return { file, line: s.line, column: s.col, ...(e ? { endLine: e.line, endColumn: e.col } : {}) };
  };
  const index = new SourceIndex({ file, line: 1, column: 1 });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      diags.error('yaml-syntax', `YAML syntax error: ${first}. Fix the YAML so the file parses (check indentation, quotes and brackets).`, loc(e.pos[0], e.pos[1]));
    }
    return { value: undefined, index };
  }
  const walker = new TreeWalker(doc, index, (n) => loc(n.range?.[0] ?? 0, n.range?.[1]));
  return { value: doc.contents ? walker.convert(doc.contents as Node, []) : undefined, index };
}

class TreeWalker {
  private mergeCount = 0;

  constructor(
    private readonly doc: Document,
    private readonly index: SourceIndex,
    private readonly loc: (n: Node) => SourceLocation,
  ) {}

  convert(node: Node, path: TreePath, depth = 0): unknown {
    if (depth > 200) return undefined; // recursive aliases: yaml reports them; do not overflow the stack
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      return target ? this.convert(target as Node, path, depth + 1) : undefined;
    }
    this.index.set(path, this.loc(node));
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((item, i) => this.convert(item as Node, [...path, i], depth + 1));
    if (isMap(node)) return this.convertMap(node.items, path, depth);
    return undefined;
  }

  private convertMap(items: { key: unknown; value: unknown }[], path: TreePath, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const merged: { scratch: TreePath; value: Record<string, unknown> }[] = [];
    for (const pair of items) {
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && (typeof keyNode.value === 'symbol' || keyNode.value === '<<')) {
        merged.push(...this.mergeSources(pair.value as Node, path, depth));
        continue;
      }
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const childPath = [...path, key];
      const valueNode = pair.value as Node | null;
      out[key] = valueNode ? this.convert(valueNode, childPath, depth + 1) : null;
      if (!valueNode && keyNode) this.index.set(childPath, this.loc(keyNode));
      if (keyNode) this.index.set(childPath, this.index.value(childPath), this.loc(keyNode));
    }
    for (const m of merged) {
      for (const [k, v] of Object.entries(m.value)) {
        if (k in out) continue;
        out[k] = v;
        this.index.copy([...m.scratch, k], [...path, k]);
      }
    }
    return out;
  }

  /** The maps a `<<` key pulls in, earliest first, converted under scratch paths (locations copied later). */
  private mergeSources(value: Node, path: TreePath, depth: number): { scratch: TreePath; value: Record<string, unknown> }[] {
    const nodes = isSeq(value) ? (value.items as Node[]) : [value];
    const out: { scratch: TreePath; value: Record<string, unknown> }[] = [];
    nodes.forEach((n, i) => {
      const scratch = [...path, `\u0001merge${this.mergeCount++}.${i}`];
      const v = this.convert(n, scratch, depth + 1);
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push({ scratch, value: v as Record<string, unknown> });
    });
    return out;
  }
}
