import * as vscode from 'vscode';

/** A command of a table: an id and what it does with the table's explicit dependencies. */
export interface TableCommand<D> {
  id: string;
  run(deps: D, ...args: unknown[]): unknown;
}

/** Registers a table of commands; each failure is logged and shown, never swallowed. */
export function registerTable<D extends { output: vscode.LogOutputChannel }>(
  commands: readonly TableCommand<D>[],
  deps: D,
): vscode.Disposable[] {
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
