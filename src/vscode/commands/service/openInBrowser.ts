import * as vscode from 'vscode';
import { serviceUrl } from '../../../core/status/serviceUrl';
import type { Command } from '../Command';
import { pickService } from './pickService';

export const openInBrowser: Command = {
  id: 'stackpilot.service.openInBrowser',
  run: async ({ controller }, arg) => {
    const name = await pickService(controller, arg, 'Open in the browser…');
    const spec = name ? controller.snapshot.config?.services[name] : undefined;
    if (!spec) return;
    const url = serviceUrl(spec);
    if (!url) throw new Error(`${name} declares no port or http health check to open`);
    await vscode.env.openExternal(vscode.Uri.parse(url));
  },
};
