import * as vscode from 'vscode';
import type { StackController } from '../StackController';
import type { Command } from './Command';

async function pickAlert(controller: StackController, arg: unknown, placeHolder: string): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'key' in arg && typeof (arg as { key: unknown }).key === 'string')
    return (arg as { key: string }).key;
  await controller.settled();
  const active = controller.snapshot.alerts.filter((a) => a.state === 'firing' || a.state === 'pending');
  if (!active.length) {
    void vscode.window.showInformationMessage('Stackpilot: no alert is firing.');
    return undefined;
  }
  const items = active.map((a) => ({
    label: a.key,
    description: `${a.severity} · ${a.state}${a.acknowledged ? ' · acknowledged' : ''}`,
    detail: a.summary,
  }));
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.label;
}

export const acknowledgeAlert: Command = {
  id: 'stackpilot.alert.acknowledge',
  run: async ({ controller }, arg) => {
    const key = await pickAlert(controller, arg, 'Alert to acknowledge');
    if (key && !(await controller.acknowledgeAlert(key)))
      void vscode.window.showWarningMessage(`Stackpilot: alert ${key} is not firing any more.`);
  },
};

const durations = [
  { label: '15 minutes', ms: 15 * 60_000 },
  { label: '1 hour', ms: 60 * 60_000 },
  { label: '4 hours', ms: 4 * 60 * 60_000 },
  { label: '1 day', ms: 24 * 60 * 60_000 },
];

export const silenceAlert: Command = {
  id: 'stackpilot.alert.silence',
  run: async ({ controller }, arg, durationArg) => {
    const key = await pickAlert(controller, arg, 'Alert to silence');
    if (!key) return;
    const ms =
      typeof durationArg === 'number'
        ? durationArg
        : (await vscode.window.showQuickPick(durations, { placeHolder: `Silence ${key} for…` }))?.ms;
    if (ms && !(await controller.silenceAlert(key, ms)))
      void vscode.window.showWarningMessage(`Stackpilot: alert ${key} is not active any more.`);
  },
};
