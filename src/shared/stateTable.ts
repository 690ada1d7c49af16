/**
 * Every state a service can be shown in, with how each surface shows it: the one list the tree's
 * icons, the dashboard's colours, the CLI's colours, the tree's grouping and the README's table
 * come from (a unit test checks the README against `stateMarkdownTable()`). Pure data.
 */
import type { ServiceState } from './serviceState';

/** The dashboard's colour family (`tone-*` in media/dashboard.css). */
export type StateTone = 'good' | 'bad' | 'busy' | 'idle';
/** The tree's group when grouped by state (`stackpilot.tree.groupBy: state`). */
export type StateGroup = 'failing' | 'starting' | 'up' | 'completed' | 'stopped';
export type TerminalColour = 'green' | 'red' | 'yellow' | 'cyan' | 'gray';

export interface StateInfo {
  state: ServiceState;
  /** Codicon id of the tree's icon. */
  icon: string;
  /** Theme colour id of the tree's icon. */
  iconColour: string;
  tone: StateTone;
  group: StateGroup;
  terminal: TerminalColour;
  /** Counts as up (status bar `n/m up`, `stackpilot status`). */
  up: boolean;
  /** An instance runs now (its last probe, CPU and memory describe it). */
  live: boolean;
  /** Nothing runs and nothing is on its way: a new start is needed for it to run again. */
  ended: boolean;
  /** Stopped, or being stopped: neither up nor down (uptime counts it neither way). */
  off: boolean;
  meaning: string;
}

/** In the order a service usually passes through them; the README lists them in this order. */
export const STATE_TABLE: readonly StateInfo[] = [
  {
    state: 'stopped',
    icon: 'circle-outline',
    iconColour: 'disabledForeground',
    tone: 'idle',
    group: 'stopped',
    terminal: 'gray',
    up: false,
    live: false,
    ended: true,
    off: true,
    meaning:
      'not running: never started in this run, or stopped on purpose (read without a supervisor, it says who stopped it when the last run recorded it: `stopped by stackpilot down at 23:39:56`, `stopped by the watchdog (its supervisor died) at …`)',
  },
  {
    state: 'waiting',
    icon: 'watch',
    iconColour: 'charts.yellow',
    tone: 'busy',
    group: 'starting',
    terminal: 'cyan',
    up: false,
    live: false,
    ended: false,
    off: false,
    meaning: 'waiting on its dependencies, or for its next restart after a crash (backoff)',
  },
  {
    state: 'starting',
    icon: 'loading~spin',
    iconColour: 'charts.yellow',
    tone: 'busy',
    group: 'starting',
    terminal: 'cyan',
    up: false,
    live: true,
    ended: false,
    off: false,
    meaning: 'started; its health check has not passed yet',
  },
  {
    state: 'running',
    icon: 'circle-filled',
    iconColour: 'charts.blue',
    tone: 'good',
    group: 'up',
    terminal: 'green',
    up: true,
    live: true,
    ended: false,
    off: false,
    meaning: 'started and has no health check (never shown as healthy)',
  },
  {
    state: 'healthy',
    icon: 'pass-filled',
    iconColour: 'testing.iconPassed',
    tone: 'good',
    group: 'up',
    terminal: 'green',
    up: true,
    live: true,
    ended: false,
    off: false,
    meaning: 'its health check passes',
  },
  {
    state: 'unhealthy',
    icon: 'warning',
    iconColour: 'list.warningForeground',
    tone: 'bad',
    group: 'failing',
    terminal: 'yellow',
    up: false,
    live: true,
    ended: false,
    off: false,
    meaning:
      'running, but its health check fails (retries used up), or paused: a process stopped by SIGSTOP (reason `paused (SIGSTOP)`, read from /proc) or a container frozen by `docker pause` (`paused (docker pause)`), even while a tcp probe passes',
  },
  {
    state: 'completed',
    icon: 'check',
    iconColour: 'testing.iconPassed',
    tone: 'good',
    group: 'completed',
    terminal: 'green',
    up: true,
    live: false,
    ended: true,
    off: false,
    meaning: 'a job that exited with code 0',
  },
  {
    state: 'exited',
    icon: 'circle-slash',
    iconColour: 'list.errorForeground',
    tone: 'bad',
    group: 'failing',
    terminal: 'red',
    up: false,
    live: false,
    ended: true,
    off: false,
    meaning:
      'ended with a non-zero code or a signal (a crash, a kill from outside), and no restart is pending (restart policy, or its retries used up); a recorded process gone without a Stackpilot stop is `exited (status unknown)`',
  },
  {
    state: 'failed',
    icon: 'error',
    iconColour: 'list.errorForeground',
    tone: 'bad',
    group: 'failing',
    terminal: 'red',
    up: false,
    live: false,
    ended: true,
    off: false,
    meaning: 'could not be started (command, image, Docker), or a dependency it needs failed',
  },
  {
    state: 'crash-looping',
    icon: 'debug-restart',
    iconColour: 'list.errorForeground',
    tone: 'bad',
    group: 'failing',
    terminal: 'red',
    up: false,
    live: false,
    ended: true,
    off: false,
    meaning: 'restarted too often within the crash-loop window; no more tries',
  },
  {
    state: 'stopping',
    icon: 'loading~spin',
    iconColour: 'disabledForeground',
    tone: 'busy',
    group: 'starting',
    terminal: 'gray',
    up: false,
    live: false,
    ended: false,
    off: true,
    meaning: 'being stopped',
  },
];

const BY_STATE = new Map<string, StateInfo>(STATE_TABLE.map((s) => [s.state, s]));

/** The row of a state; an unknown string (a hostile or newer state file) reads as `stopped`. */
export function stateInfo(state: string): StateInfo {
  return BY_STATE.get(state) ?? STATE_TABLE[0];
}

/** The states whose row has `pick` true, in table order. */
export function statesWhere(pick: (s: StateInfo) => boolean): ServiceState[] {
  return STATE_TABLE.filter(pick).map((s) => s.state);
}

const GROUP_LABEL: Record<StateGroup, string> = {
  failing: 'Failing',
  starting: 'Starting',
  up: 'Up',
  completed: 'Completed',
  stopped: 'Stopped',
};

/** The README's table of states (between `<!-- states:begin -->` and `<!-- states:end -->`). */
export function stateMarkdownTable(): string {
  const rows = STATE_TABLE.map(
    (s) =>
      `| \`${s.state}\` | \`$(${s.icon})\` ${s.iconColour} | ${s.tone} | ${GROUP_LABEL[s.group]}${s.up ? ', counts as up' : ''} | ${s.meaning} |`,
  );
  return ['| state | tree icon and colour | dashboard tone | tree group | meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}
