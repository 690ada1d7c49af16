import * as vscode from 'vscode';
import { addToBaseline } from './addToBaseline';
import { moveToEnv } from './moveToEnv';
import { scanWorkspace } from './scanWorkspace';
import type { SecretCommand, SecretDeps } from './SecretCommand';

const commands: SecretCommand[] = [scanWorkspace, moveToEnv, addToBaseline];

/** The secret commands' table; each failure is logged and shown, never swallowed. */
export function registerSecretCommands(deps: SecretDeps): vscode.Disposable[] {
  return commands.map((c) =>
    vscode.commands.registerCommand(c.id, async (...args: unknown[]) => {
      try {
        return await c.run(deps, ...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        deps.output.error(`${c.id}: ${message}`);
        void vscode.window.showErrorMessage(`Stackpilot: ${message}`);
        return undefined;
      }
    }),
  );
}
