import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { containerShell } from '../../../core/editor/containerShell';
import type { Command } from '../Command';
import { pickService } from './pickService';

/** An integrated terminal running `docker exec -it <container> sh` in a running docker service. */
export const openShell: Command = {
  id: 'stackpilot.service.openShell',
  run: async ({ controller }, arg) => {
    const name = await pickService(controller, arg, 'Open a shell in the container of…');
    if (!name) return;
    const snap = controller.snapshot;
    const shell = containerShell(
      name,
      snap.config?.services[name],
      snap.statuses.find((s) => s.name === name),
      process.env,
    );
    if (!onPath(shell.file)) throw new Error('the docker CLI is not on PATH: install it to open a shell in a container');
    const terminal = vscode.window.createTerminal({
      name: shell.title,
      shellPath: shell.file,
      shellArgs: shell.args,
      env: shell.env,
      iconPath: new vscode.ThemeIcon('terminal'),
    });
    terminal.show();
  },
};

function onPath(file: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, file)));
}
