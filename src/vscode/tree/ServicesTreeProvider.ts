import * as vscode from 'vscode';
import type { ServiceSpec } from '../../core/config/model';
import type { ServiceStatus } from '../../core/engine/state';
import type { StackSnapshot } from '../../core/status/StackSnapshot';
import { groupServices, type GroupBy, type ServiceGroup } from '../../core/editor/groupServices';
import { formatDuration } from '../../core/status/formatDuration';
import { livenessOnly } from '../../core/status/livenessOnly';
import { probeWarning } from '../../core/status/probeWarning';
import { dependencyRowText, serviceRowText } from '../../core/editor/serviceRowText';
import { dependencyTrouble, dependsOnOf } from '../../core/status/dependencyTrouble';
import { stateIcon } from './stateIcons';

/** `scope` is the group a row sits in ('' when flat): a service can appear in several groups, ids must not clash. */
type Node =
  | { kind: 'group'; group: ServiceGroup }
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
 * kind and state (`service:process:healthy`) so inline actions can match it.
 */
export class ServicesTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private snapshot: StackSnapshot;
  private groups: ServiceGroup[] | undefined;

  constructor(
    initial: StackSnapshot,
    private groupBy: GroupBy = 'none',
    private readonly now: () => number = Date.now,
  ) {
    this.snapshot = initial;
    this.regroup();
  }

  update(snapshot: StackSnapshot): void {
    this.snapshot = snapshot;
    this.regroup();
    this.changed.fire(undefined);
  }

  setGroupBy(groupBy: GroupBy): void {
    this.groupBy = groupBy;
    this.update(this.snapshot);
  }

  /** Grouping is computed once per snapshot, not in getChildren. */
  private regroup(): void {
    const { config, selected, profile, statuses } = this.snapshot;
    this.groups = config ? groupServices({ config, selected, profile, statuses }, this.groupBy) : undefined;
  }

  getChildren(node?: Node): Node[] {
    const config = this.snapshot.config;
    if (!config) return [];
    if (!node) {
      // Restricted Mode says so in the list itself (a row a keyboard and a screen reader reach), with the way out.
      const head: Node[] = this.snapshot.trusted ? [] : [{ kind: 'restricted' }];
      if (this.groups) return [...head, ...this.groups.map((group): Node => ({ kind: 'group', group }))];
      const names = this.snapshot.selected.length ? this.snapshot.selected : Object.keys(config.services);
      return [...head, ...names.map((name): Node => ({ kind: 'service', scope: '', name }))];
    }
    if (node.kind === 'group') return node.group.services.map((name) => ({ kind: 'service', scope: node.group.id, name }));
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
    if (node.kind === 'group') return this.groupItem(node.group);
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
    const text = serviceRowText(node.name, state, status, spec?.health?.probe.kind === 'log', trouble);
    item.description = text.description;
    item.tooltip = tooltip(node.name, spec, status, this.now());
    item.contextValue = `service:${spec?.kind ?? 'unknown'}:${state}`;
    item.accessibilityInformation = { label: text.ariaLabel };
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

function tooltip(name: string, spec: ServiceSpec | undefined, status: ServiceStatus | undefined, now: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${name}** · ${spec?.kind ?? 'service'} · ${status?.state ?? 'stopped'}\n\n`);
  if (status?.reason) md.appendMarkdown(`Reason: ${escape(status.reason)}\n\n`);
  const warning = probeWarning(status);
  if (warning)
    md.appendMarkdown(
      `$(warning) Still healthy: ${escape(warning)}, unhealthy once ${status?.probeFailures?.of ?? 'its retries'} fail in a row\n\n`,
    );
  const liveness = spec && livenessOnly(spec);
  if (liveness) md.appendMarkdown(`${escape(liveness[0].toUpperCase() + liveness.slice(1))}\n\n`);
  if (status?.lastProbe)
    md.appendMarkdown(`Last probe: ${status.lastProbe.ok ? '$(pass)' : '$(error)'} ${escape(status.lastProbe.detail)}\n\n`);
  if (status && status.state !== 'stopped') md.appendMarkdown(`In this state for ${formatDuration(now - status.since)}`);
  if (status?.restarts) md.appendMarkdown(` · ${status.restarts} restarts`);
  if (status?.pid) md.appendMarkdown(` · pid ${status.pid}`);
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
