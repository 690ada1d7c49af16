/**
 * A window on a one-service stack, for the tests of an editor that dies: `worker`, a Node process
 * that idles, in a fresh folder with a state folder of its own (XDG_STATE_HOME). Registers the
 * suite's before() (the window open on the Services view, worker stopped) and after() (the window
 * closed; any watchdog of the stack and whatever of it is left killed; both folders removed): call
 * it inside describe(), before the suite's own hooks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackIdOf } from '../../src/infra/process/processMarkers';
import { findMarkedProcesses } from '../../src/infra/process/verifyProcess';
import { CodeServerSession } from './codeServer';
import { watchdogsOf } from './watchdogs';

export { watchdogsOf };

export interface IdleWorkerWindow {
  session: CodeServerSession;
  /** XDG_STATE_HOME of the window (its locks, the watchdog's log). */
  state: string;
  stackId(): string;
  /** The services of the stack that run, verified by their process markers, sorted. */
  marked(): Promise<string[]>;
}

export function idleWorkerWindow(name: string, stopOnClose: boolean): IdleWorkerWindow {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), `sp-e2e-${name}-src-`));
  const js = 'setInterval(() => {}, 1e9)';
  fs.writeFileSync(
    path.join(src, 'stackpilot.yaml'),
    `name: ${name}\nservices:\n  worker:\n    argv: ${JSON.stringify([process.execPath, '-e', js])}\n    stopGracePeriod: 1s\n`,
  );
  const state = fs.mkdtempSync(path.join(os.tmpdir(), `sp-e2e-${name}-state-`));
  const session = new CodeServerSession({
    workspace: src,
    trust: true,
    settings: { 'stackpilot.autoStart': 'off', 'stackpilot.stopOnClose': stopOnClose },
    env: { XDG_STATE_HOME: state },
  });
  const stackId = () => stackIdOf(session.workspace);

  before(async () => {
    await session.open();
    await session.page.getByRole('tab', { name: /^Stackpilot/ }).click();
    await session.page.locator('.monaco-list-row[aria-label^="worker, stopped"]').waitFor({ timeout: 60_000 });
  });
  after(async () => {
    // Read before close(): the session's workspace getter would make a new copy once close() removed it.
    const id = stackId();
    await session.close().catch(() => undefined);
    for (const pid of await watchdogsOf(id).catch(() => [])) process.kill(pid, 'SIGKILL');
    for (const p of await findMarkedProcesses(id).catch(() => [])) process.kill(-p.pid, 'SIGKILL');
    fs.rmSync(src, { recursive: true, force: true });
    fs.rmSync(state, { recursive: true, force: true });
  });

  return { session, state, stackId, marked: async () => (await findMarkedProcesses(stackId())).map((p) => p.service).sort() };
}
