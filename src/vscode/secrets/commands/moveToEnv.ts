import * as vscode from 'vscode';
import { fingerprint } from '../../../core/secrets/fingerprint';
import { planMoveToEnv, type MovePlan } from '../../../core/secrets/moveToEnv';
import type { SecretFinding } from '../../../core/secrets/SecretFinding';
import type { SecretsWorkspace } from '../SecretsWorkspace';
import type { SecretCommand } from './SecretCommand';

async function openIfExists(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  return vscode.workspace.openTextDocument(uri);
}

/** Append text to a workspace file, creating it when missing, and save it (the value must not sit in an unsaved buffer only). */
export async function appendToFile(
  uri: vscode.Uri,
  text: (current: string) => string,
  also?: (edit: vscode.WorkspaceEdit) => void,
): Promise<void> {
  const doc = await openIfExists(uri);
  const current = doc?.getText() ?? '';
  const edit = new vscode.WorkspaceEdit();
  if (!doc) edit.createFile(uri, { ignoreIfExists: true });
  const added = text(current);
  if (added) edit.insert(uri, doc ? doc.positionAt(current.length) : new vscode.Position(0, 0), added);
  also?.(edit);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${vscode.workspace.asRelativePath(uri)}`);
  await (await vscode.workspace.openTextDocument(uri)).save();
}

/** `.env` holds secrets now: if git would commit it, offer to add it to .gitignore. */
async function offerGitignore(ws: SecretsWorkspace, envUri: vscode.Uri): Promise<void> {
  await ws.load();
  if (ws.notCommitted(envUri)) return;
  const add = 'Add .env to .gitignore';
  const pick = await vscode.window.showWarningMessage(
    'Stackpilot: .env now holds a secret but is not in .gitignore, so git would commit it.',
    add,
  );
  if (pick !== add) return;
  await appendToFile(vscode.Uri.joinPath(ws.folder!.uri, '.gitignore'), (cur) => `${cur === '' || cur.endsWith('\n') ? '' : '\n'}.env\n`);
}

function applyPlan(edit: vscode.WorkspaceEdit, uri: vscode.Uri, line: number, plan: MovePlan): void {
  edit.replace(uri, new vscode.Range(line, plan.replaceStart, line, plan.replaceEnd), plan.replacement);
  if (plan.insertLine) edit.insert(uri, new vscode.Position(plan.insertLine.atLine, 0), `${plan.insertLine.text}\n`);
}

/** Quick fix: the value goes to the workspace `.env`, the literal becomes `${NAME}` or an env lookup. One undoable edit. */
export const moveToEnv: SecretCommand = {
  id: 'stackpilot.secrets.moveToEnv',
  run: async ({ ws, output }, uriArg, findingArg) => {
    const uri = uriArg as vscode.Uri;
    const f = findingArg as SecretFinding;
    if (!ws.folder) throw new Error('open a folder first: .env lives at the workspace root');
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = f.range.line - 1;
    const lineText = doc.lineAt(line).text;
    const [start, end] = [f.range.column - 1, f.range.endColumn - 1];
    // The document may have changed since the diagnostic: act only on the very same value.
    if (f.range.endLine !== f.range.line || fingerprint(f.ruleId, ws.relPath(uri), lineText.slice(start, end)) !== f.fingerprint) {
      throw new Error('the secret changed since it was found: try again');
    }
    const envUri = vscode.Uri.joinPath(ws.folder.uri, '.env');
    const envText = (await openIfExists(envUri))?.getText() ?? '';
    const plan = planMoveToEnv({ path: ws.relPath(uri), text: doc.getText(), lineText, line, start, end, ruleId: f.ruleId, envText });
    if (!plan) throw new Error(`cannot move a secret out of ${ws.relPath(uri)}`);
    await appendToFile(
      envUri,
      () => plan.envAppend,
      (edit) => applyPlan(edit, uri, line, plan),
    );
    output.info(`moved a secret (${f.ruleId}) from ${ws.relPath(uri)}:${f.range.line} to .env as ${plan.name}`);
    void offerGitignore(ws, envUri);
    return plan.name;
  },
};
