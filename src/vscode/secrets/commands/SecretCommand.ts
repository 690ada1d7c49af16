import type * as vscode from 'vscode';
import type { BackgroundSecretScan } from '../BackgroundSecretScan';
import type { DocumentSecretScanner } from '../DocumentSecretScanner';
import type { SecretDiagnostics } from '../SecretDiagnostics';
import type { SecretsWorkspace } from '../SecretsWorkspace';

/** What the secret commands get, built in registerSecrets (no global locator). */
export interface SecretDeps {
  ws: SecretsWorkspace;
  diagnostics: SecretDiagnostics;
  scanner: DocumentSecretScanner;
  background: BackgroundSecretScan;
  output: vscode.LogOutputChannel;
}

export interface SecretCommand {
  id: string;
  run(deps: SecretDeps, ...args: unknown[]): unknown;
}
