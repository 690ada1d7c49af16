import type * as vscode from 'vscode';
import { registerTable } from '../../commands/registerTable';
import { addToBaseline } from './addToBaseline';
import { moveToEnv } from './moveToEnv';
import { cancelScan, scanWorkspace } from './scanWorkspace';
import type { SecretCommand, SecretDeps } from './SecretCommand';

const commands: SecretCommand[] = [scanWorkspace, cancelScan, moveToEnv, addToBaseline];

/** The secret commands, registered as one table. */
export function registerSecretCommands(deps: SecretDeps): vscode.Disposable[] {
  return registerTable(commands, deps);
}
