import { DashboardPanel } from '../dashboard/DashboardPanel';
import type { Command } from './Command';

export const showDashboard: Command = {
  id: 'stackpilot.dashboard.show',
  run: ({ controller, context }) => {
    DashboardPanel.show(controller, context.extensionUri);
  },
};
