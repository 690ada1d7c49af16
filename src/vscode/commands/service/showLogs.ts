import type { Command } from '../Command';
import { pickService } from './pickService';

export const showLogs: Command = {
  id: 'stackpilot.service.showLogs',
  run: async ({ controller, logs }, arg) => {
    const name = await pickService(controller, arg, 'Show the output of…');
    if (name) logs.show(name);
  },
};
