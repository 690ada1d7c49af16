import { strict as assert } from 'node:assert';
import type { AlertEvent, AlertView } from '../../../src/core/alerts/model';
import type { StackConfig } from '../../../src/core/config/model';
import { emptySnapshot } from '../../../src/core/status/StackSnapshot';
import { DockerUnavailableError } from '../../../src/infra/docker/describeDaemonError';
import { DockerClient } from '../../../src/infra/docker/DockerClient';
import { parseWebviewMessage, type DockerEngineState, type HostMessage, type IncidentCard } from '../../../src/shared/protocol';
import { DashboardFeed, MIN_DELTA_GAP_MS } from '../../../src/core/status/DashboardFeed';
import { DockerEngineWatch } from '../../../src/core/status/DockerEngineWatch';
import { IncidentLog } from '../../../src/core/alerts/IncidentLog';
import { readDockerEngine } from '../../../src/infra/docker/readDockerEngine';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const view = (key: string, severity: AlertView['severity'] = 'critical', firingSince?: number): AlertView => {
  const [ruleId, service] = key.split('/');
  return {
    key,
    ruleId,
    ...(service ? { service } : {}),
    metric: 'up',
    state: 'firing',
    severity,
    threshold: 0,
    summary: 'Service is down',
    activeSince: firingSince ?? 0,
    ...(firingSince !== undefined ? { firingSince } : {}),
    acknowledged: false,
    escalated: false,
    inhibitedBy: [],
  } as AlertView;
};
const ev = (kind: AlertEvent['kind'], at: number, alert: AlertView): AlertEvent => ({ kind, at, alert, notify: true });

describe('dashboard: incidents of this run', () => {
  it('records an alert that fired and resolved, with when it fired and how long it lasted; pending-then-cancelled is no incident', () => {
    const log = new IncidentLog();
    log.record(ev('pending', 1000, view('cpu-high/api', 'warning')));
    log.record(ev('cancelled', 2000, view('cpu-high/api', 'warning')));
    log.record(ev('firing', 5000, view('service-down/db', 'critical', 5000)));
    assert.deepEqual(log.incidents, [], 'still firing: not an incident yet');
    log.record(ev('resolved', 9500, view('service-down/db')));
    assert.deepEqual(log.incidents, [
      {
        key: 'service-down/db',
        ruleId: 'service-down',
        service: 'db',
        severity: 'critical',
        summary: 'Service is down',
        firedAt: 5000,
        resolvedAt: 9500,
      },
    ]);
    log.record(ev('resolved', 9600, view('memory-warning/api')));
    assert.equal(log.incidents.length, 1, 'resolved without a firing seen: ignored');
  });

  it('keeps the highest severity an escalated warning reached', () => {
    const log = new IncidentLog();
    log.record(ev('firing', 1, view('disk-low', 'warning', 1)));
    log.record(ev('escalated', 2, view('disk-low', 'critical', 1)));
    log.record(ev('resolved', 3, view('disk-low', 'warning', 1)));
    assert.equal(log.incidents[0].severity, 'critical');
    assert.equal(log.incidents[0].service, undefined);
  });

  it('is bounded, newest first, and cleared for a new run', () => {
    const log = new IncidentLog(20);
    for (let i = 0; i < 25; i++) {
      log.record(ev('firing', i * 10, view(`service-down/s${i}`, 'critical', i * 10)));
      log.record(ev('resolved', i * 10 + 5, view(`service-down/s${i}`)));
    }
    assert.equal(log.incidents.length, 20);
    assert.equal(log.incidents[0].service, 's24');
    assert.equal(log.incidents[19].service, 's5');
    log.clear();
    assert.deepEqual(log.incidents, []);
  });
});

describe('dashboard: Docker engine state', () => {
  it('reads the engine only while active, tells of changes only, and reads again after one in flight', async () => {
    const answers: DockerEngineState[] = [
      { running: true, version: '20.10.24' },
      { running: true, version: '20.10.24' },
      { running: false, problem: 'not-running', reason: 'the Docker daemon is not running' },
    ];
    let reads = 0;
    let changes = 0;
    const watch = new DockerEngineWatch(
      async () => {
        await sleep(10);
        return answers[Math.min(reads++, answers.length - 1)];
      },
      () => changes++,
      60_000,
    );
    try {
      watch.refresh();
      await sleep(30);
      assert.equal(reads, 0, 'inactive: the engine is not asked');
      watch.setActive(true);
      await sleep(30);
      assert.deepEqual(watch.state, { running: true, version: '20.10.24' });
      assert.equal(changes, 1);
      watch.refresh();
      watch.refresh(); // while one is in flight: one more read after it, not two at once
      await sleep(50);
      assert.equal(reads, 3);
      assert.equal(changes, 2, 'the same answer twice is not a change');
      assert.deepEqual(watch.state, answers[2]);
    } finally {
      watch.dispose();
    }
  });

  it('says what the engine says: its version, or the classified reason it cannot be used', async () => {
    const running = readDockerEngine({
      use: async <T>(_s: AbortSignal | undefined, fn: (d: never) => Promise<T>) =>
        fn({ version: async () => ({ Version: '20.10.24+dfsg1' }) } as never),
    });
    assert.deepEqual(await running(new AbortController().signal), { running: true, version: '20.10.24+dfsg1' });
    const down = readDockerEngine({
      use: async () => {
        throw new DockerUnavailableError('not-running', 'the Docker daemon is not running: no socket at /x/docker.sock');
      },
    });
    assert.deepEqual(await down(new AbortController().signal), {
      running: false,
      problem: 'not-running',
      reason: 'the Docker daemon is not running: no socket at /x/docker.sock',
    });
  });

  it("with a real client and no daemon behind DOCKER_HOST: not running, with describeDaemonError's reason", async () => {
    const read = readDockerEngine(
      new DockerClient({ DOCKER_HOST: 'unix:///nonexistent/stackpilot-test/docker.sock', PATH: process.env.PATH }),
    );
    const state = await read(new AbortController().signal);
    assert.equal(state.running, false);
    if (!state.running) {
      assert.match(state.problem, /^(not-running|not-installed)$/);
      assert.match(state.reason, /nonexistent\/stackpilot-test\/docker\.sock/);
    }
  });
});

describe('dashboard: feed with Docker state and incidents', () => {
  it('puts the engine state in the header and sends incidents in a delta only when they change', async () => {
    const config = { name: 'shop', root: '/tmp/x', files: [], services: {}, profiles: {}, extensions: {} } as unknown as StackConfig;
    let docker: DockerEngineState | undefined = { running: true, version: '20.10.24' };
    let incidents: IncidentCard[] = [];
    const sent: HostMessage[] = [];
    const feed = new DashboardFeed(
      {
        snapshot: () => ({ ...emptySnapshot, config }),
        metrics: () => undefined,
        history: () => undefined,
        docker: () => docker,
        incidents: () => incidents,
      },
      (m) => sent.push(m),
    );
    try {
      feed.ready();
      const snap = sent[0] as Extract<HostMessage, { type: 'snapshot' }>;
      assert.deepEqual(snap.model.header.docker, { running: true, version: '20.10.24' });
      assert.equal(snap.model.incidents, undefined);
      incidents = [
        {
          key: 'service-down/db',
          ruleId: 'service-down',
          service: 'db',
          severity: 'critical',
          summary: 'Service is down',
          firedAt: 1,
          resolvedAt: 2,
        },
      ];
      feed.schedule();
      await sleep(MIN_DELTA_GAP_MS + 50);
      const d1 = sent[1] as Extract<HostMessage, { type: 'delta' }>;
      assert.deepEqual(d1.incidents, incidents);
      docker = { running: false, problem: 'not-running', reason: 'gone' };
      feed.schedule();
      await sleep(MIN_DELTA_GAP_MS + 50);
      const d2 = sent[2] as Extract<HostMessage, { type: 'delta' }>;
      assert.equal(d2.incidents, undefined, 'unchanged incidents are not sent again');
      assert.deepEqual(d2.header.docker, docker);
    } finally {
      feed.dispose();
    }
  });

  it('the Definition action is a validated service action', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'action', action: 'definition', service: 'db' }), {
      type: 'action',
      action: 'definition',
      service: 'db',
    });
    assert.equal(parseWebviewMessage({ type: 'action', action: 'definition', service: 42 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'action', action: 'rm -rf', service: 'db' }), undefined);
  });
});
