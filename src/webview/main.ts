// The dashboard's browser bundle: renders the host's model with DOM APIs (never innerHTML with
// data), restores the last model on reload (setState/getState), and reports render latency.
import type { AlertCard, DashboardHeader, DashboardModel, HostMessage, ServiceAction, ServiceCard, WebviewMessage } from '../shared/protocol';
import { renderAlerts } from './renderAlerts';
import { renderCard } from './renderCard';
import { renderHeader } from './renderHeader';

interface VsCodeApi {
  postMessage(msg: WebviewMessage): void;
  getState(): { model?: DashboardModel } | undefined;
  setState(state: { model: DashboardModel }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const headerEl = document.getElementById('header')!;
const cardsEl = document.getElementById('cards')!;
const alertsEl = document.getElementById('alerts')!;
let model: DashboardModel | undefined = vscode.getState()?.model;

function act(action: ServiceAction, service: string): void {
  vscode.postMessage({ type: 'action', action, service });
}

function drawHeader(h: DashboardHeader): void {
  headerEl.replaceChildren(...renderHeader(h, Date.now()));
}

function drawAlerts(alerts: readonly AlertCard[]): void {
  alertsEl.replaceChildren(...renderAlerts(alerts, (action, key) => vscode.postMessage({ type: 'alert', action, key }), Date.now()));
}

function drawAll(m: DashboardModel): void {
  drawHeader(m.header);
  cardsEl.replaceChildren(...m.services.map((c) => renderCard(c, act)));
  drawAlerts(m.alerts ?? []);
}

function applyDelta(m: DashboardModel, changed: ServiceCard[], removed: string[], header: DashboardHeader, alerts: AlertCard[]): DashboardModel {
  const byName = new Map(m.services.map((c) => [c.name, c]));
  for (const c of changed) {
    const el = renderCard(c, act);
    const old = cardsEl.querySelector(`[data-service="${CSS.escape(c.name)}"]`);
    if (old) old.replaceWith(el);
    else cardsEl.append(el);
    byName.set(c.name, c);
  }
  for (const name of removed) {
    cardsEl.querySelector(`[data-service="${CSS.escape(name)}"]`)?.remove();
    byName.delete(name);
  }
  drawHeader(header);
  drawAlerts(alerts);
  return { header, services: [...byName.values()], alerts };
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const msg = event.data;
  if (msg.type === 'snapshot') {
    model = msg.model;
    drawAll(model);
  } else if (msg.type === 'delta' && model) {
    model = applyDelta(model, msg.services, msg.removed, msg.header, msg.alerts);
  } else {
    return;
  }
  vscode.setState({ model });
  // Measured after the browser has painted the change.
  requestAnimationFrame(() => setTimeout(() => vscode.postMessage({ type: 'rendered', sentAt: msg.sentAt, renderedAt: Date.now() }), 0));
});

// Uptime in the header ticks without the host.
setInterval(() => {
  if (model) drawHeader(model.header);
}, 1000);

if (model) drawAll(model);
vscode.postMessage({ type: 'ready' });
