import type * as Yaml from 'yaml';
import type { Alias, Node } from 'yaml';

/**
 * The yaml library, required on the first parse rather than imported: it is the largest package in
 * the extension's bundle (~115 KB), and an import is evaluated with the bundle while VS Code
 * activates the extension, before anything is parsed.
 */
let Y: typeof Yaml;
import { OVERRIDDEN, RESET } from './composeTags';
import type { Diagnostics } from './Diagnostics';
import type { SourceLocation } from './model';
import { SourceIndex, type TreePath } from './SourceIndex';

export interface ParsedYaml {
  /** Plain JS value (maps as null-prototype objects, `<<` merge keys applied, aliases resolved), undefined on an error. */
  value: unknown;
  index: SourceIndex;
}

/** Nodes that aliases may expand to in one file ("billion laughs" grows 9^n from a few hundred bytes). */
export const MAX_ALIAS_NODES = 100_000;
/** Nesting a config never needs; deeper input is refused before it can exhaust the stack. */
export const MAX_DEPTH = 100;

/**
 * A stack or compose file never needs more (the largest of the public compose files we test
 * against has 1,702 lines): the YAML library parses a file of many small nodes at ~0.3-1 MB/s, so
 * 1 MB of them (under the size cap) took 3-8 s; 20,000 lines 1.7 s of CPU on a loaded machine. Counted before parsing, in one pass.
 */
export const MAX_YAML_LINES = 10_000;
/** Keys and flow items (`:` and `,`), counted the same way: long flow lines stay bounded too. */
export const MAX_YAML_MARKS = 30_000;

/** Stops the walk: the diagnostic is already reported. */
class Refused extends Error {}

/**
 * Parses one YAML file into a plain tree plus a SourceIndex of where every key and value is written.
 * Syntax errors become located diagnostics. Merge keys (`<<: *base`, `<<: [*a, *b]`) follow YAML
 * 1.1 merge semantics as docker compose applies them: keys written in the map win, then earlier
 * merged maps win over later ones. Bounded: aliases expand to at most MAX_ALIAS_NODES nodes and
 * nesting stops at MAX_DEPTH (each a located error naming the alias or the depth); duplicate keys
 * are found in linear time; maps have no prototype, so `__proto__` or `toString` are plain keys.
 */
export function parseYaml(file: string, text: string, diags: Diagnostics, options: { composeTags?: boolean } = {}): ParsedYaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  Y ??= require('yaml') as typeof Yaml;
  const tooBig = oversized(text);
  if (tooBig) {
    diags.error(
      'file-too-large',
      `${tooBig.what}: a stack or compose file never needs that many; split it with \`include:\` or \`extends:\``,
      { file, line: tooBig.line, column: 1 },
    );
    return { value: undefined, index: new SourceIndex({ file, line: 1, column: 1 }) };
  }
  const notUtf8 = text.indexOf('\uFFFD');
  if (notUtf8 >= 0) {
    const before = text.slice(0, notUtf8);
    const line = before.split('\n').length;
    diags.error(
      'not-utf8',
      `The file is not UTF-8 text here (bytes that are not UTF-8, read as U+FFFD REPLACEMENT CHARACTER): save it as UTF-8.`,
      { file, line, column: notUtf8 - before.lastIndexOf('\n') },
    );
    return { value: undefined, index: new SourceIndex({ file, line: 1, column: 1 }) };
  }
  const lc = new Y.LineCounter();
  // uniqueKeys off: the library compares each key with every earlier one (quadratic); the walk checks instead.
  // resolveKnownTags off: `!!binary` and `!!timestamp` stay strings (a Uint8Array was read as a map of bytes).
  const doc = Y.parseDocument(text, { merge: true, lineCounter: lc, uniqueKeys: false, prettyErrors: false, resolveKnownTags: false });
  const loc = (offset: number, end?: number): SourceLocation => {
    const s = lc.linePos(offset);
    const e = end === undefined ? undefined : lc.linePos(end);
    return { file, line: s.line, column: s.col, ...(e ? { endLine: e.line, endColumn: e.col } : {}) };
  };
  const index = new SourceIndex({ file, line: 1, column: 1 });
  if (doc.errors.length > 0) {
    let tooDeep = false;
    for (const e of doc.errors) {
      const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      // The library may run out of stack more than once (how often depends on the engine's frames): say it once.
      if (/call stack/i.test(first) && tooDeep) continue;
      tooDeep ||= /call stack/i.test(first);
      const what = /call stack/i.test(first)
        ? `the YAML is nested too deeply to read (more than ${MAX_DEPTH} levels are never needed)`
        : first;
      // An unclosed quote is reported by the library where the file ends: point at where it opens.
      const opened = e.code === 'MISSING_CHAR' ? unclosedQuoteAt(doc, e.pos[0]) : undefined;
      diags.error(
        'yaml-syntax',
        opened === undefined
          ? `YAML syntax error: ${what}. Fix the YAML so the file parses (check indentation, quotes and brackets).`
          : `YAML syntax error: ${what}: the quoted value that starts here is never closed. Close it on the line it belongs to.`,
        opened === undefined ? loc(e.pos[0], e.pos[1]) : loc(opened, opened + 1),
      );
    }
    return { value: undefined, index };
  }
  const walker = new TreeWalker(
    anchorTargets(doc),
    index,
    (n) => loc(n.range?.[0] ?? 0, n.range?.[1]),
    diags,
    options.composeTags === true,
  );
  try {
    return { value: doc.contents ? walker.convert(doc.contents as Node, [], 0) : undefined, index };
  } catch (e) {
    if (e instanceof Refused) return { value: undefined, index };
    throw e;
  }
}

/** Where the quoted scalar that runs to `end` (an unclosed quote's error position) opens. */
function unclosedQuoteAt(doc: Parameters<typeof Yaml.visit>[0], end: number): number | undefined {
  let start: number | undefined;
  Y.visit(doc, {
    Scalar: (_, n) => {
      if ((n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') && n.range && n.range[1] === end) start = n.range[0];
    },
  });
  return start;
}

/**
 * What each alias points at: the latest anchor of its name before it, found in one pass.
 * (`Alias.resolve` searches the document for each alias: 20,000 aliases took minutes.)
 */
function anchorTargets(doc: Parameters<typeof Yaml.visit>[0]): Map<Alias, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  Y.visit(doc, {
    Node: (_, n) => {
      if (Y.isAlias(n)) {
        const t = anchors.get(n.source);
        if (t) targets.set(n, t);
      } else if (n.anchor) anchors.set(n.anchor, n as Node);
    },
  });
  return targets;
}

class TreeWalker {
  private mergeCount = 0;
  /** Nodes produced while expanding aliases, and the outermost alias being expanded. */
  private aliasNodes = 0;
  private outerAlias: Alias | undefined;
  /** Collections being converted: an alias to one of them would never end. */
  private readonly open = new Set<Node>();

  constructor(
    private readonly targets: Map<Alias, Node>,
    private readonly index: SourceIndex,
    private readonly loc: (n: Node) => SourceLocation,
    private readonly diags: Diagnostics,
    private readonly composeTags: boolean,
  ) {}

  convert(node: Node, path: TreePath, depth: number): unknown {
    if (depth > MAX_DEPTH)
      this.refuse(
        'yaml-too-deep',
        `The YAML is nested more than ${MAX_DEPTH} levels deep here; a stack file never needs that. Flatten it.`,
        node,
      );
    if (this.outerAlias) this.aliasNodes++;
    if (this.aliasNodes > MAX_ALIAS_NODES) {
      const at = this.outerAlias ?? node;
      const what = this.outerAlias
        ? `YAML alias *${this.outerAlias.source} takes the aliases of this file`
        : 'The merge keys (`<<`) of this file take their aliases';
      this.refuse(
        'yaml-alias-limit',
        `${what} past ${MAX_ALIAS_NODES.toLocaleString('en-US')} expanded nodes (aliases inside aliases multiply, as in a "billion laughs" file). Write the values out, or use fewer nested aliases.`,
        at,
      );
    }
    if (Y.isAlias(node)) return this.expand(node, path, depth);
    this.index.set(path, this.loc(node));
    if (this.composeTags && node.tag === '!reset') return RESET;
    if (this.composeTags && node.tag === '!override' && (Y.isSeq(node) || Y.isMap(node))) {
      const value = this.convertCollection(node, path, depth);
      OVERRIDDEN.add(value as object);
      return value;
    }
    if (Y.isScalar(node)) return node.value;
    if (Y.isSeq(node) || Y.isMap(node)) return this.convertCollection(node, path, depth);
    return undefined;
  }

  private convertCollection(node: Yaml.YAMLSeq | Yaml.YAMLMap, path: TreePath, depth: number): unknown {
    this.open.add(node);
    try {
      return Y.isSeq(node)
        ? node.items.map((item, i) => this.convert(item as Node, [...path, i], depth + 1))
        : this.convertMap(node.items, path, depth);
    } finally {
      this.open.delete(node);
    }
  }

  private expand(alias: Alias, path: TreePath, depth: number): unknown {
    const target = this.targets.get(alias);
    if (!target) return undefined;
    if (this.open.has(target))
      this.refuse(
        'yaml-alias-cycle',
        `YAML alias *${alias.source} refers to a map or list that contains it, so it would never end. Point it at something outside.`,
        alias,
      );
    const outer = this.outerAlias === undefined;
    if (outer) this.outerAlias = alias;
    try {
      return this.convert(target, path, depth + 1);
    } finally {
      if (outer) this.outerAlias = undefined;
    }
  }

  private refuse(code: string, message: string, at: Node): never {
    this.diags.error(code, message, this.loc(at));
    throw new Refused(message);
  }

  private convertMap(items: { key: unknown; value: unknown }[], path: TreePath, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const written = new Map<string, Node>();
    const merged: { scratch: TreePath; value: Record<string, unknown> }[] = [];
    for (const pair of items) {
      const keyNode = pair.key as Node | null;
      if (Y.isScalar(keyNode) && (typeof keyNode.value === 'symbol' || keyNode.value === '<<')) {
        merged.push(...this.mergeSources(pair.value as Node, path, depth));
        continue;
      }
      const key = Y.isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const first = written.get(key);
      if (first && keyNode) {
        const at = this.loc(first);
        this.diags.error(
          'yaml-syntax',
          `YAML syntax error: Map keys must be unique: \`${key}\` is already written at line ${at.line}. Keep one of them.`,
          this.loc(keyNode),
        );
        continue;
      }
      if (keyNode) written.set(key, keyNode);
      const childPath = [...path, key];
      const valueNode = pair.value as Node | null;
      out[key] = valueNode ? this.convert(valueNode, childPath, depth + 1) : null;
      if (!valueNode && keyNode) this.index.set(childPath, this.loc(keyNode));
      if (keyNode) this.index.set(childPath, this.index.value(childPath), this.loc(keyNode));
    }
    for (const m of merged) {
      for (const k of Object.keys(m.value)) {
        if (k in out) continue;
        out[k] = m.value[k];
        // Copying locations costs like expanding: merges of merges multiply too.
        this.aliasNodes += this.index.copy([...m.scratch, k], [...path, k]);
      }
    }
    return out;
  }

  /** The maps a `<<` key pulls in, earliest first, converted under scratch paths (locations copied later). */
  private mergeSources(value: Node, path: TreePath, depth: number): { scratch: TreePath; value: Record<string, unknown> }[] {
    const nodes = Y.isSeq(value) ? (value.items as Node[]) : [value];
    const out: { scratch: TreePath; value: Record<string, unknown> }[] = [];
    nodes.forEach((n, i) => {
      const scratch = [...path, `\u0001merge${this.mergeCount++}.${i}`];
      const v = this.convert(n, scratch, depth + 1);
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push({ scratch, value: v as Record<string, unknown> });
    });
    return out;
  }
}

/** Why `text` is too big to parse within bounds (and the line to point at), or undefined. */
function oversized(text: string): { what: string; line: number } | undefined {
  let lines = 1;
  let marks = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lines++;
    else if (c === 58 || c === 44) marks++; // ':' ','
  }
  const n = (x: number) => x.toLocaleString('en-US');
  if (lines > MAX_YAML_LINES) return { what: `more than ${n(MAX_YAML_LINES)} lines (${n(lines)})`, line: MAX_YAML_LINES + 1 };
  if (marks > MAX_YAML_MARKS) return { what: `more than ${n(MAX_YAML_MARKS)} keys and items (${n(marks)} \`:\` and \`,\`)`, line: 1 };
  return undefined;
}
