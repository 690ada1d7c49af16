import type { Command } from './Command';

export const refreshView: Command = {
  id: 'stackpilot.view.refresh',
  run: ({ controller }) => controller.reload(),
};
