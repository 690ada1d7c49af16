/**
 * The dependency graph's layout, by dagre (top to bottom: dependencies above what needs them).
 * Pure (no DOM): unit tested, and the webview draws the result as SVG.
 */
import { graphlib, layout } from '@dagrejs/dagre';

export interface GraphNodeIn {
  name: string;
  dependsOn: readonly string[];
}

export interface LaidNode {
  name: string;
  /** Centre of the node. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidEdge {
  /** The dependency. */
  from: string;
  /** The service that needs it. */
  to: string;
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

/** Node width from the label length (an estimate of the text's width at the dashboard's font size). */
export function nodeWidth(name: string): number {
  return Math.max(70, 24 + name.length * 7.5);
}

export function layoutGraph(services: readonly GraphNodeIn[], nodeHeight = 30): GraphLayout {
  const g = new graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 34, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const names = new Set(services.map((s) => s.name));
  for (const s of services) g.setNode(s.name, { width: nodeWidth(s.name), height: nodeHeight });
  for (const s of services) for (const d of s.dependsOn) if (names.has(d)) g.setEdge(d, s.name);
  layout(g);
  const graph = g.graph();
  return {
    nodes: services.map((s) => {
      const n = g.node(s.name);
      return { name: s.name, x: n.x, y: n.y, width: n.width, height: n.height };
    }),
    edges: g
      .edges()
      .map((e) => ({ from: e.v, to: e.w, points: (g.edge(e).points ?? []).map((p: { x: number; y: number }) => ({ x: p.x, y: p.y })) })),
    width: graph.width ?? 0,
    height: graph.height ?? 0,
  };
}
