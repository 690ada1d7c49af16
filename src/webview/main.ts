// The dashboard's browser bundle: renders the host's model with DOM APIs (never innerHTML with
// data), restores the last model on reload (setState/getState), and reports render latency.
// uPlot's stylesheet is bundled into dist/webview/dashboard.css, loaded by a <link> under the CSP.
import 'uplot/dist/uPlot.min.css';
import {
  SERIES_WINDOWS_MS,
  type AlertCard,
  type DashboardHeader,
  type IncidentCard,
  type DashboardModel,
  type HostMessage,
  type ServiceAction,
  type ServiceCard,
  type RenderedAck,
  type WebviewMessage,
} from '../shared/protocol';
import { Charts } from './Charts';
import { el } from './format';
import { notLiveText } from './notLiveText';
import { layoutGraph, type GraphLayout } from './graphLayout';
import { renderAlerts } from './renderAlerts';
import { renderCard, tickCards } from './renderCard';
import { renderGraph } from './renderGraph';
import { renderHeader } from './renderHeader';
import { renderTimeline } from './renderTimeline';
import { SeriesStore } from './seriesStore';
import { Sparkline } from './Sparkline';
import { sparksDue } from './sparksDue';
import { onThemeChange } from './theme';

interface SavedState {
  model?: DashboardModel;
  windowMs?: number;
  selected?: string;
}

interface VsCodeApi {
  postMessage(msg: WebviewMessage | RenderedAck): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
/** Set only by bench:dashboard's page (dashboardPage `measureRender`): acknowledge each drawn message. */
const measureRender = document.body.hasAttribute('data-measure-render');
const headerEl = document.getElementById('header')!;
const cardsEl = document.getElementById('cards')!;
const alertsEl = document.getElementById('alerts')!;
const timelineEl = document.getElementById('timeline')!;
const graphEl = document.getElementById('graph')!;
const saved = vscode.getState();
let model: DashboardModel | undefined = saved?.model;
let windowMs = saved?.windowMs && (SERIES_WINDOWS_MS as readonly number[]).includes(saved.windowMs) ? saved.windowMs : SERIES_WINDOWS_MS[0];
let selected: string | undefined = saved?.selected;
const store = new SeriesStore();
store.windowMs = windowMs;
const sparks = new Map<string, Sparkline>();
const charts = new Charts(
  document.getElementById('charts')!,
  (ms) => {
    windowMs = ms;
    save();
    vscode.postMessage({ type: 'window', windowMs: ms });
  },
  () => select(undefined),
);
let graph: { key: string; layout: GraphLayout } | undefined;

function save(): void {
  // The series are not saved: after a reload the host sends them again with the snapshot.
  vscode.setState({ ...(model ? { model } : {}), windowMs, ...(selected ? { selected } : {}) });
}

function act(action: ServiceAction, service: string): void {
  vscode.postMessage({ type: 'action', action, service });
}

function select(name: string | undefined): void {
  selected = name === selected ? undefined : name;
  for (const c of cardsEl.querySelectorAll<HTMLElement>('.card')) c.classList.toggle('selected', c.dataset.service === selected);
  if (selected) cardsEl.querySelector(`[data-service="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  drawGraph();
  drawCharts();
  save();
}

/** A card's sparkline: probe latency when the service has a probe that measures one, else CPU. */
function spark(card: ServiceCard): HTMLElement {
  let s = sparks.get(card.name);
  if (!s) {
    sparks.set(card.name, (s = new Sparkline(card.name)));
    drawSpark(s);
  }
  return s.el;
}

function drawSpark(s: Sparkline): void {
  const latency = store.get(s.service, 'latency');
  const useLatency = !!latency?.t.length;
  s.update(
    useLatency ? latency : store.get(s.service, 'cpu'),
    useLatency ? 'probe latency (ms)' : 'cpu (%)',
    store.until,
    useLatency ? '--vscode-charts-blue' : '--vscode-charts-purple',
  );
}

function card(c: ServiceCard): HTMLElement {
  return renderCard(c, act, spark(c), c.name === selected);
}

/** When the host last spoke (a snapshot first): see notLiveText. */
let hostHeardAt: number | undefined;
const pageLoadedAt = Date.now();

function drawHeader(h: DashboardHeader): void {
  const now = Date.now();
  const notLive = notLiveText(hostHeardAt, now);
  // Not live: times stop where the page last knew them (no "running 5 min" counted on from a dead run).
  headerEl.replaceChildren(...renderHeader(h, notLive ? (hostHeardAt ?? pageLoadedAt) : now));
  if (notLive) headerEl.append(el('span', { class: 'chip alerting not-live', role: 'status' }, notLive));
  document.body.toggleAttribute('data-not-live', !!notLive);
}

function drawAlerts(alerts: readonly AlertCard[], incidents: readonly IncidentCard[]): void {
  alertsEl.replaceChildren(
    ...renderAlerts(
      alerts,
      incidents,
      (action, key) => vscode.postMessage({ type: 'alert', action, key }),
      (service) => act('definition', service),
      Date.now(),
    ),
  );
}

function drawTimeline(): void {
  timelineEl.replaceChildren(...renderTimeline(model?.timeline, Date.now(), select));
}

function drawGraph(): void {
  const services = model?.services ?? [];
  const key = services.map((c) => `${c.name}<${c.dependsOn.join(',')}`).join(';');
  if (graph?.key !== key) graph = { key, layout: layoutGraph(services) };
  graphEl.replaceChildren(...renderGraph(graph.layout, services, selected, model?.timeline?.criticalPath ?? [], select));
}

function drawCharts(force = false): void {
  charts.draw(store, model?.services.map((c) => c.name) ?? [], selected, force);
}

function drawAll(m: DashboardModel): void {
  drawHeader(m.header);
  cardsEl.replaceChildren(...m.services.map(card));
  drawAlerts(m.alerts ?? [], m.incidents ?? []);
  drawTimeline();
  drawGraph();
  drawCharts();
}

function applyDelta(m: DashboardModel, msg: Extract<HostMessage, { type: 'delta' }>): DashboardModel {
  const byName = new Map(m.services.map((c) => [c.name, c]));
  let statesChanged = false;
  for (const c of msg.services) {
    const e = card(c);
    const old = cardsEl.querySelector(`[data-service="${CSS.escape(c.name)}"]`);
    if (old) old.replaceWith(e);
    else cardsEl.append(e);
    if (byName.get(c.name)?.state !== c.state) statesChanged = true;
    byName.set(c.name, c);
  }
  for (const name of msg.removed) {
    cardsEl.querySelector(`[data-service="${CSS.escape(name)}"]`)?.remove();
    sparks.get(name)?.destroy();
    sparks.delete(name);
    byName.delete(name);
    statesChanged = true;
  }
  drawHeader(msg.header);
  const incidents = msg.incidents ?? m.incidents ?? [];
  drawAlerts(msg.alerts, incidents);
  const next: DashboardModel = {
    header: msg.header,
    services: [...byName.values()],
    alerts: msg.alerts,
    ...((msg.timeline ?? m.timeline) ? { timeline: msg.timeline ?? m.timeline } : {}),
    ...(incidents.length ? { incidents } : {}),
  };
  model = next;
  if (msg.timeline) drawTimeline();
  if (statesChanged || msg.timeline) drawGraph();
  return next;
}

/**
 * Messages are applied once per animation frame: whatever arrived since the last frame is applied
 * in order, and the costly redraws (charts, sparklines) run once for the batch, so a slow or busy
 * webview catches up in one frame instead of redrawing per message. A frame that never comes (a
 * hidden page does not animate) is replaced by a timer, so nothing waits forever.
 */
let queue: HostMessage[] = [];
let drainTimer: ReturnType<typeof setTimeout> | undefined;

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  queue.push(event.data);
  if (queue.length > 1) return;
  requestAnimationFrame(drain);
  drainTimer = setTimeout(drain, 250);
});

function drain(): void {
  clearTimeout(drainTimer);
  const batch = queue;
  queue = [];
  if (!batch.length) return;
  let charts = false;
  const wasLive = !notLiveText(hostHeardAt, Date.now());
  for (const msg of batch) {
    if (msg.type === 'snapshot' || hostHeardAt !== undefined) hostHeardAt = Date.now();
    switch (msg.type) {
      case 'snapshot':
        model = msg.model;
        store.replace(msg.series);
        drawAll(model);
        break;
      case 'delta':
        if (!model) break;
        model = applyDelta(model, msg);
        // Charts and sparklines are redrawn only when measured points arrived (once a second).
        if (Object.keys(msg.points).length) {
          store.append(msg.points, msg.until);
          charts = true;
        }
        break;
      case 'series':
        store.replace(msg.series);
        charts = true;
        break;
      case 'alive':
        if (!wasLive && model) drawHeader(model.header);
        break;
      default:
        break;
    }
  }
  // After a snapshot too: a panel re-shown (or reloaded) got its series in it, and sparklines made
  // from the saved model before it arrived were empty (seen in high contrast after Go to Definition hid the panel).
  const due = sparksDue(batch);
  for (const [name, s] of sparks) if (due === 'all' || due.has(name)) drawSpark(s);
  if (charts) drawCharts();
  save();
  // Measured after the browser has painted the change (the task after this frame); bench pages only.
  if (!measureRender) return;
  setTimeout(() => {
    const renderedAt = Date.now();
    for (const msg of batch) if ('sentAt' in msg) vscode.postMessage({ type: 'rendered', sentAt: msg.sentAt, renderedAt });
  }, 0);
}

onThemeChange(() => {
  for (const s of sparks.values()) s.rebuild();
  drawCharts(true);
});

// Uptime in the header ticks without the host; so does a start that is still under way, and every
// "for N s" and "of N s" on the cards (only those text nodes).
setInterval(() => {
  if (!model) return;
  drawHeader(model.header);
  if (notLiveText(hostHeardAt, Date.now())) return;
  tickCards(cardsEl, model.services, Date.now());
  if (model.timeline && model.timeline.readyAt === undefined) drawTimeline();
}, 1000);

if (model) drawAll(model);
vscode.postMessage({ type: 'ready', windowMs });
