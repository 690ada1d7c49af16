import * as vscode from 'vscode';
import { registerSecretCommands } from './commands/registerSecretCommands';
import { DocumentSecretScanner } from './DocumentSecretScanner';
import { SecretCodeActions } from './SecretCodeActions';
import { SecretDiagnostics } from './SecretDiagnostics';
import { SecretsWorkspace } from './SecretsWorkspace';

/**
 * Secret scanning in the editor: diagnostics as you type, the workspace scan and the quick fixes.
 * Runs in untrusted workspaces too: scanning reads text and runs no workspace code.
 */
export function registerSecrets(output: vscode.LogOutputChannel): vscode.Disposable[] {
  const ws = new SecretsWorkspace(output);
  const diagnostics = new SecretDiagnostics();
  const scanner = new DocumentSecretScanner(ws, diagnostics);
  // Scan what is open now; once .gitignore and the baseline are read, again with them.
  scanner.scanOpenDocuments();
  void ws.load().then(
    () => scanner.scanOpenDocuments(),
    (e: unknown) => output.error(`secret scan: ${(e as Error).message}`),
  );
  return [
    ws,
    diagnostics,
    scanner,
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new SecretCodeActions(ws, diagnostics), SecretCodeActions.metadata),
    ...registerSecretCommands({ ws, diagnostics, scanner, output }),
  ];
}
