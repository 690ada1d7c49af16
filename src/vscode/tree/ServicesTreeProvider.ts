import * as vscode from 'vscode';
import type { StackSnapshot } from '../../core/status/StackSnapshot';
import { groupServices, type GroupBy, type ServiceGroup } from '../../core/editor/groupServices';
import { livenessOnly } from '../../core/status/livenessOnly';
import { dependencyRowText, serviceRowText } from '../../core/editor/serviceRowText';
import { serviceTooltip } from '../../core/editor/serviceTooltip';
import { LATENCY_WINDOW, ROOT, stableLatency, treeChanges, type RowView, type TreeShape } from '../../core/editor/treeRowChanges';
import { isLive } from '../../core/status/serviceStates';
import { dependencyTrouble, dependsOnOf } from '../../core/status/dependencyTrouble';
import { stateIcon } from './stateIcons';

/** `scope` is the group a row sits in ('' when flat): a service can appear in several groups, ids must not clash. */
type Node =
  | { kind: 'group'; id: string }
  | { kind: 'service'; scope: string; name: string }
  | { kind: 'dependency'; scope: string; parent: string; name: string; condition: string }
  | { kind: 'alert'; scope: string; parent: string; key: string }
  | { kind: 'restricted' };

const alertSeverityIcon = {
  critical: ['error', 'list.errorForeground'],
  warning: ['warning', 'list.warningForeground'],
  info: ['info', 'charts.blue'],
} as const;

/**
 * Renders the in-memory snapshot: no I/O in getChildren, stable ids, contextValue encoding
 * kind and state (`service:process:healthy`) so inline actions can match it. A new snapshot
 * refreshes only the rows whose text, icon, tooltip, menu or children changed (treeChanges): a
 * refresh closes a row's tooltip, and a service probed every 500 ms must keep one readable. Node
 * objects are kept per id, since VS Code finds the row to refresh by the element object.
 */
export class ServicesTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private snapshot: StackSnapshot;
  private groups: ServiceGroup[] | undefined;
  private readonly nodes = new Map<string, Node>();
  /** A node object was replaced by a different one with the same id: VS Code only knows the old one. */
  private replacedNode = false;
  /** Per service: the latencies of its last probes (by probe time) and the figure its row shows. */
  private readonly latencies = new Map<string, { lastAt: number; recent: number[]; shown?: number }>();
  private shape: TreeShape = new Map();

  constructor(
    initial: StackSnapshot,
    private groupBy: GroupBy = 'none',
    private readonly now: () => number = Date.now,
  ) {
    this.snapshot = initial;
    this.regroup();
    this.updateLatencies();
    this.shape = this.render();
  }

  update(snapshot: StackSnapshot): void {
    this.snapshot = snapshot;
    this.regroup();
    this.updateLatencies();
    this.replacedNode = false;
    const shape = this.render();
    const { all, rows } = treeChanges(this.shape, shape);
    this.shape = shape;
    if (all || this.replacedNode) this.changed.fire(undefined);
    else if (rows.length) this.changed.fire(rows.map((id) => this.nodes.get(id)).filter((n): n is Node => n !== undefined));
  }

  setGroupBy(groupBy: GroupBy): void {
    this.groupBy = groupBy;
    this.regroup();
    this.shape = this.render();
    this.changed.fire(undefined);
  }

  /** Every row as plain data, walked as VS Code would (no I/O: the snapshot only). */
  private render(): TreeShape {
    const shape = new Map<string, { view?: RowView; children: string[] }>();
    const walk = (node: Node | undefined, id: string) => {
      const children = this.getChildren(node);
      shape.set(id, { view: node && rowView(this.getTreeItem(node)), children: children.map(nodeId) });
      for (const c of children) walk(c, nodeId(c));
    };
    walk(undefined, ROOT);
    return shape;
  }

  /** The latency each row shows moves only when the probe's latency moves meaningfully (stableLatency). */
  private updateLatencies(): void {
    const seen = new Set<string>();
    for (const s of this.snapshot.statuses) {
      if (!s.lastProbe || !isLive(s.state)) continue;
      seen.add(s.name);
      let l = this.latencies.get(s.name);
      if (!l) this.latencies.set(s.name, (l = { lastAt: Number.NaN, recent: [] }));
      // A snapshot for another reason (an alert, another service) repeats the same probe: counted once.
      if (l.lastAt === s.lastProbe.at) continue;
      l.lastAt = s.lastProbe.at;
      l.recent = [...l.recent, s.lastProbe.latencyMs].slice(-LATENCY_WINDOW);
      l.shown = stableLatency(l.shown, l.recent);
    }
    for (const name of [...this.latencies.keys()]) if (!seen.has(name)) this.latencies.delete(name);
  }

  /** The one object for this id (a new one only when what it holds changed). */
  private intern(node: Node): Node {
    const id = nodeId(node);
    const known = this.nodes.get(id);
    if (known && JSON.stringify(known) === JSON.stringify(node)) return known;
    if (known) this.replacedNode = true;
    this.nodes.set(id, node);
    return node;
  }

  /** Grouping is computed once per snapshot, not in getChildren. */
  private regroup(): void {
    const { config, selected, profile, statuses } = this.snapshot;
    this.groups = config ? groupServices({ config, selected, profile, statuses }, this.groupBy) : undefined;
  }

  getChildren(node?: Node): Node[] {
    return this.children(node).map((n) => this.intern(n));
  }

  private children(node?: Node): Node[] {
    const config = this.snapshot.config;
    if (!config) return [];
    if (!node) {
      // Restricted Mode says so in the list itself (a row a keyboard and a screen reader reach), with the way out.
      const head: Node[] = this.snapshot.trusted ? [] : [{ kind: 'restricted' }];
      if (this.groups) return [...head, ...this.groups.map((group): Node => ({ kind: 'group', id: group.id }))];
      const names = this.snapshot.selected.length ? this.snapshot.selected : Object.keys(config.services);
      return [...head, ...names.map((name): Node => ({ kind: 'service', scope: '', name }))];
    }
    if (node.kind === 'group') {
      const group = this.groups?.find((g) => g.id === node.id);
      return (group?.services ?? []).map((name) => ({ kind: 'service', scope: node.id, name }));
    }
    if (node.kind === 'service') {
      const { scope } = node;
      const alerts: Node[] = this.activeAlerts(node.name).map((a) => ({ kind: 'alert', scope, parent: node.name, key: a.key }));
      return [
        ...alerts,
        ...(config.services[node.name]?.dependsOn ?? []).map((d): Node => ({
          kind: 'dependency',
          scope,
          parent: node.name,
          name: d.service,
          condition: d.condition,
        })),
      ];
    }
    return [];
  }

  private groupItem(group: ServiceGroup): vscode.TreeItem {
    const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `group:${group.id}`;
    item.description = group.description;
    item.iconPath = new vscode.ThemeIcon(group.id.startsWith('profile:') ? 'layers' : 'symbol-enum');
    item.contextValue = `group:${group.id.split(':')[0]}`;
    item.accessibilityInformation = {
      label: `group ${group.label}${group.description ? `, ${group.description}` : ''}, ${group.services.length} services`,
    };
    return item;
  }

  private activeAlerts(service: string) {
    return this.snapshot.alerts.filter((a) => a.service === service && (a.state === 'firing' || a.state === 'pending'));
  }

  private alertItem(node: { scope: string; parent: string; key: string }): vscode.TreeItem {
    const a = this.snapshot.alerts.find((x) => x.key === node.key);
    const item = new vscode.TreeItem(a?.summary ?? node.key, vscode.TreeItemCollapsibleState.None);
    item.id = `${prefix(node.scope)}alert:${node.key}`;
    if (!a) return item;
    const [icon, colour] = alertSeverityIcon[a.severity];
    item.iconPath = new vscode.ThemeIcon(
      a.state === 'pending' ? 'bell' : icon,
      new vscode.ThemeColor(a.acknowledged || a.inhibitedBy.length ? 'disabledForeground' : colour),
    );
    item.description = [
      a.state,
      a.acknowledged ? 'acknowledged' : '',
      a.silencedBy ? 'silenced' : '',
      a.inhibitedBy.length ? `held back by ${a.inhibitedBy.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    item.contextValue = `alert:${a.state}${a.acknowledged ? ':acknowledged' : ''}`;
    item.accessibilityInformation = { label: `alert ${a.key}, ${item.description}` };
    return item;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'restricted') return restrictedItem();
    if (node.kind === 'group') {
      const group = this.groups?.find((g) => g.id === node.id);
      return group ? this.groupItem(group) : new vscode.TreeItem(node.id);
    }
    if (node.kind === 'alert') return this.alertItem(node);
    const status = this.snapshot.statuses.find((s) => s.name === node.name);
    const spec = this.snapshot.config?.services[node.name];
    if (node.kind === 'dependency') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
      item.id = `${prefix(node.scope)}dep:${node.parent}:${node.name}`;
      const text = dependencyRowText(node.name, node.condition, status?.state);
      item.description = text.description;
      item.accessibilityInformation = { label: text.ariaLabel };
      item.iconPath = status ? stateIcon(status.state) : new vscode.ThemeIcon('link');
      item.contextValue = 'dependency';
      return item;
    }
    const state = status?.state ?? 'stopped';
    const hasDeps = (spec?.dependsOn.length ?? 0) > 0 || this.activeAlerts(node.name).length > 0;
    const item = new vscode.TreeItem(node.name, hasDeps ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `${prefix(node.scope)}service:${node.name}`;
    item.iconPath = stateIcon(state);
    const trouble = dependencyTrouble(node.name, this.snapshot.statuses, dependsOnOf(this.snapshot.config?.services));
    const shownLatencyMs = this.latencies.get(node.name)?.shown;
    const text = serviceRowText(node.name, state, status, spec?.health?.probe.kind === 'log', trouble, shownLatencyMs);
    // Another supervisor's last view, and it stopped answering: the state may be out of date.
    item.description = this.snapshot.stale ? `${text.description} · stale` : text.description;
    const md = serviceTooltip(
      { name: node.name, kind: spec?.kind ?? 'service', status, liveness: spec && livenessOnly(spec), shownLatencyMs },
      this.now(),
    );
    item.tooltip = new vscode.MarkdownString(md, true);
    item.contextValue = `service:${spec?.kind ?? 'unknown'}:${state}`;
    item.accessibilityInformation = { label: this.snapshot.stale ? `${text.ariaLabel}, stale` : text.ariaLabel };
    return item;
  }
}

/** The Restricted Mode row: why nothing runs, and a click to manage workspace trust. */
function restrictedItem(): vscode.TreeItem {
  const item = new vscode.TreeItem('Restricted Mode: nothing from this workspace runs', vscode.TreeItemCollapsibleState.None);
  item.id = 'restricted-mode';
  item.iconPath = new vscode.ThemeIcon('shield', new vscode.ThemeColor('list.warningForeground'));
  item.description = 'Trust…';
  item.tooltip = new vscode.MarkdownString(
    'The stack file runs commands, so in an untrusted workspace Stackpilot starts no process or container and sends no health probe. Services are shown as far as they can be seen without running anything (*not checked: workspace not trusted*). Trust the workspace to start and check them; no reload needed.',
  );
  item.command = { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' };
  item.contextValue = 'restricted';
  item.accessibilityInformation = { label: 'Restricted Mode: nothing from this workspace runs. Activate to manage workspace trust.' };
  return item;
}

function prefix(scope: string): string {
  return scope ? `${scope}/` : '';
}

/** The id VS Code knows a row by (TreeItem.id). */
function nodeId(node: Node): string {
  switch (node.kind) {
    case 'restricted':
      return 'restricted-mode';
    case 'group':
      return `group:${node.id}`;
    case 'service':
      return `${prefix(node.scope)}service:${node.name}`;
    case 'dependency':
      return `${prefix(node.scope)}dep:${node.parent}:${node.name}`;
    case 'alert':
      return `${prefix(node.scope)}alert:${node.key}`;
  }
}

/** What a TreeItem shows, as the plain data treeChanges compares. */
function rowView(item: vscode.TreeItem): RowView {
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
  const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : (item.tooltip ?? '');
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  const collapsible =
    item.collapsibleState === vscode.TreeItemCollapsibleState.Expanded
      ? 'expanded'
      : item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed
        ? 'collapsed'
        : 'none';
  return {
    label,
    description: typeof item.description === 'string' ? item.description : String(item.description ?? ''),
    icon: icon?.id ?? '',
    // ThemeColor keeps its id (not in the typings of this VS Code version).
    iconColor: (icon?.color as { id?: string } | undefined)?.id,
    tooltip,
    contextValue: item.contextValue ?? '',
    collapsible,
    ariaLabel: item.accessibilityInformation?.label ?? '',
  };
}
