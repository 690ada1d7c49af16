import * as vscode from 'vscode';
import type { StackController } from '../../StackController';

/**
 * The service a command acts on: the tree node it was invoked on, a name passed by a `command:`
 * link, or a quick pick. Undefined when the user dismissed the pick.
 */
export async function pickService(controller: StackController, arg: unknown, placeHolder: string): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'name' in arg && typeof (arg as { name: unknown }).name === 'string')
    return (arg as { name: string }).name;
  // Run from the palette as the window opens, before the stack file's first read: not "no stack".
  await controller.settled();
  const snap = controller.snapshot;
  if (!snap.config) throw new Error('no stack loaded: see the Problems panel');
  const items = Object.keys(snap.config.services).map((name) => {
    const st = snap.statuses.find((s) => s.name === name);
    return { label: name, description: st?.state ?? 'stopped', detail: st?.reason };
  });
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true }))?.label;
}
