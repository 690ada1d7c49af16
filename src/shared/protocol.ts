/**
 * Messages between the dashboard webview and the extension host: discriminated unions, no vscode,
 * no DOM. Every message from the webview is validated with `parseWebviewMessage` before the host
 * acts on it.
 */

export type CardState = 'stopped' | 'waiting' | 'starting' | 'running' | 'healthy' | 'unhealthy' | 'completed' | 'exited' | 'failed' | 'crash-looping' | 'stopping';

export interface ServiceCard {
  name: string;
  kind: 'process' | 'external' | 'docker';
  state: CardState;
  /** Why it is in this state, or what the last probe saw. */
  detail: string;
  /** Last probe latency, ms (measured), when there is a probe that measures one. */
  latencyMs?: number;
  restarts: number;
  pid?: number;
  /** ms since epoch the service entered its state. */
  since: number;
  dependsOn: string[];
  /** Whether it can be opened in a browser (http health check or a tcp port). */
  openable: boolean;
}

export interface DashboardHeader {
  stack: string;
  profile?: string;
  up: number;
  total: number;
  trusted: boolean;
  firingAlerts: number;
  /** ms since epoch the current run started, when something runs. */
  runningSince?: number;
}

export interface AlertCard {
  key: string;
  service?: string;
  severity: 'info' | 'warning' | 'critical';
  state: 'inactive' | 'pending' | 'firing' | 'resolved';
  summary: string;
  acknowledged: boolean;
  silenced: boolean;
  /** Root causes holding it back (a dependency that is down). */
  heldBackBy: string[];
  since: number;
}

export interface DashboardModel {
  header: DashboardHeader;
  services: ServiceCard[];
  alerts: AlertCard[];
}

export type HostMessage =
  | { type: 'snapshot'; model: DashboardModel; sentAt: number }
  /** Only the cards that changed, plus the header. */
  | { type: 'delta'; header: DashboardHeader; services: ServiceCard[]; removed: string[]; alerts: AlertCard[]; sentAt: number };

export const SERVICE_ACTIONS = ['start', 'stop', 'restart', 'logs', 'open', 'definition'] as const;
export type ServiceAction = (typeof SERVICE_ACTIONS)[number];

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'action'; action: ServiceAction; service: string }
  | { type: 'alert'; action: 'acknowledge' | 'silence'; key: string }
  /** The webview drew a delta: for the latency measurement of bench:dashboard. */
  | { type: 'rendered'; sentAt: number; renderedAt: number };

/** The message if it is well formed, else undefined. Never trusts the webview. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'action':
      if (typeof m.service !== 'string' || m.service.length > 200) return undefined;
      if (!(SERVICE_ACTIONS as readonly unknown[]).includes(m.action)) return undefined;
      return { type: 'action', action: m.action as ServiceAction, service: m.service };
    case 'alert':
      if (typeof m.key !== 'string' || m.key.length > 300) return undefined;
      if (m.action !== 'acknowledge' && m.action !== 'silence') return undefined;
      return { type: 'alert', action: m.action, key: m.key };
    case 'rendered':
      if (typeof m.sentAt !== 'number' || typeof m.renderedAt !== 'number') return undefined;
      return { type: 'rendered', sentAt: m.sentAt, renderedAt: m.renderedAt };
    default:
      return undefined;
  }
}
