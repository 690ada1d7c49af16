import * as vscode from 'vscode';
import { addToBaselineText } from '../../../core/secrets/baseline';
import type { SecretFinding } from '../../../core/secrets/SecretFinding';
import type { SecretCommand } from './SecretCommand';

/** Quick fix: accept a finding by fingerprint in `.stackpilot-secrets-baseline.json` (as `stackpilot scan --update-baseline` writes it). */
export const addToBaseline: SecretCommand = {
  id: 'stackpilot.secrets.addToBaseline',
  run: async ({ ws, scanner, output }, _uri, findingArg) => {
    const f = findingArg as SecretFinding;
    const uri = ws.baselineUri;
    if (!uri) throw new Error('open a folder first: the baseline lives at the workspace root');
    const doc = await vscode.workspace.openTextDocument(uri).then(
      (d) => d,
      () => undefined,
    );
    const current = doc?.getText();
    const next = addToBaselineText(current, f);
    const edit = new vscode.WorkspaceEdit();
    if (doc) edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(current!.length)), next);
    else {
      edit.createFile(uri, { ignoreIfExists: true });
      edit.insert(uri, new vscode.Position(0, 0), next);
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('could not edit the baseline');
    await (await vscode.workspace.openTextDocument(uri)).save();
    await ws.load();
    scanner.scanOpenDocuments();
    output.info(`baseline: accepted ${f.ruleId} at ${f.file}:${f.range.line}`);
  },
};
