import * as vscode from 'vscode';
import type { ServiceSpec } from '../../core/config/model';
import type { ServiceStatus } from '../../core/engine/state';
import type { StackSnapshot } from '../../core/status/StackSnapshot';
import { formatDuration } from '../../core/status/formatDuration';
import { stateIcon } from './stateIcons';

type Node = { kind: 'service'; name: string } | { kind: 'dependency'; parent: string; name: string; condition: string };

/**
 * Renders the in-memory snapshot: no I/O in getChildren, stable ids, contextValue encoding
 * kind and state (`service:process:healthy`) so inline actions can match it.
 */
export class ServicesTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private snapshot: StackSnapshot;

  constructor(initial: StackSnapshot, private readonly now: () => number = Date.now) {
    this.snapshot = initial;
  }

  update(snapshot: StackSnapshot): void {
    this.snapshot = snapshot;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const config = this.snapshot.config;
    if (!config) return [];
    if (!node) {
      const names = this.snapshot.selected.length ? this.snapshot.selected : Object.keys(config.services);
      return names.map((name) => ({ kind: 'service', name }));
    }
    if (node.kind === 'service') {
      return (config.services[node.name]?.dependsOn ?? []).map((d) => ({ kind: 'dependency', parent: node.name, name: d.service, condition: d.condition }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const status = this.snapshot.statuses.find((s) => s.name === node.name);
    const spec = this.snapshot.config?.services[node.name];
    if (node.kind === 'dependency') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
      item.id = `dep:${node.parent}:${node.name}`;
      item.description = `needs ${node.condition}${status ? ` · ${status.state}` : ''}`;
      item.iconPath = status ? stateIcon(status.state) : new vscode.ThemeIcon('link');
      item.contextValue = 'dependency';
      return item;
    }
    const state = status?.state ?? 'stopped';
    const hasDeps = (spec?.dependsOn.length ?? 0) > 0;
    const item = new vscode.TreeItem(node.name, hasDeps ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `service:${node.name}`;
    item.iconPath = stateIcon(state);
    item.description = describe(state, status, spec?.health?.probe.kind === 'log');
    item.tooltip = tooltip(node.name, spec, status, this.now());
    item.contextValue = `service:${spec?.kind ?? 'unknown'}:${state}`;
    item.accessibilityInformation = { label: `${node.name}, ${state}${item.description ? `, ${item.description}` : ''}` };
    return item;
  }
}

function describe(state: string, status: ServiceStatus | undefined, logProbe: boolean): string {
  if (!status) return state;
  // A log probe matches a line: it has no latency worth showing.
  const latency = status.lastProbe && !logProbe ? ` · ${Math.round(status.lastProbe.latencyMs)} ms` : '';
  if (status.waitingOn.length && state === 'waiting') return `waiting on ${status.waitingOn.join(', ')}`;
  return `${state}${latency}${status.restarts ? ` · ${status.restarts} restarts` : ''}`;
}

function tooltip(name: string, spec: ServiceSpec | undefined, status: ServiceStatus | undefined, now: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${name}** · ${spec?.kind ?? 'service'} · ${status?.state ?? 'stopped'}\n\n`);
  if (status?.reason) md.appendMarkdown(`Reason: ${escape(status.reason)}\n\n`);
  if (status?.lastProbe) md.appendMarkdown(`Last probe: ${status.lastProbe.ok ? '$(pass)' : '$(error)'} ${escape(status.lastProbe.detail)}\n\n`);
  if (status && status.state !== 'stopped') md.appendMarkdown(`In this state for ${formatDuration(now - status.since)}`);
  if (status?.restarts) md.appendMarkdown(` · ${status.restarts} restarts`);
  if (status?.pid) md.appendMarkdown(` · pid ${status.pid}`);
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
