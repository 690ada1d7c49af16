import type * as vscode from 'vscode';
import type { ServiceDebugger } from '../debug/ServiceDebugger';
import type { ServiceLogChannels } from '../logs/ServiceLogChannels';
import type { StackController } from '../StackController';

/** What every command gets: the explicit dependencies built in extension.ts (no global locator). */
export interface CommandDeps {
  controller: StackController;
  output: vscode.LogOutputChannel;
  context: vscode.ExtensionContext;
  logs: ServiceLogChannels;
  debugger: ServiceDebugger;
}

export interface Command {
  id: string;
  run(deps: CommandDeps, ...args: unknown[]): unknown;
}
