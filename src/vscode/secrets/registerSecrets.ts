import * as vscode from 'vscode';
import { registerSecretCommands } from './commands/registerSecretCommands';
import { BackgroundSecretScan, workerPathIn } from './BackgroundSecretScan';
import { DocumentSecretScanner } from './DocumentSecretScanner';
import { SecretCodeActions } from './SecretCodeActions';
import { SecretDiagnostics } from './SecretDiagnostics';
import { SecretsWorkspace } from './SecretsWorkspace';

/**
 * Secret scanning in the editor: diagnostics as you type, the background workspace scan and the
 * quick fixes. Runs in untrusted workspaces too: scanning reads text and runs no workspace code.
 */
export function registerSecrets(output: vscode.LogOutputChannel, extensionPath: string): vscode.Disposable[] {
  const ws = new SecretsWorkspace(output);
  const diagnostics = new SecretDiagnostics();
  const scanner = new DocumentSecretScanner(ws, diagnostics);
  const background = new BackgroundSecretScan(ws, diagnostics, output, workerPathIn(extensionPath));
  // Scan what is open (right after activation returns, not inside it); once .gitignore and the
  // baseline are read, again with them, and the whole workspace in the background.
  const first = setImmediate(() => scanner.scanOpenDocuments());
  void ws.load().then(
    () => {
      scanner.scanOpenDocuments();
      background.startOnOpen();
    },
    (e: unknown) => output.error(`secret scan: ${(e as Error).message}`),
  );
  return [
    { dispose: () => clearImmediate(first) },
    ws,
    diagnostics,
    scanner,
    background,
    vscode.languages.registerCodeActionsProvider(
      [{ scheme: 'file' }, { scheme: 'untitled' }],
      new SecretCodeActions(ws, diagnostics),
      SecretCodeActions.metadata,
    ),
    ...registerSecretCommands({ ws, diagnostics, scanner, background, output }),
  ];
}
