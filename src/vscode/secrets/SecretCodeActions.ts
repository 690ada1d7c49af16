import * as vscode from 'vscode';
import { commentLine } from '../../core/secrets/commentSyntax';
import { planMoveToEnv } from '../../core/secrets/moveToEnv';
import type { SecretFinding } from '../../core/secrets/SecretFinding';
import type { SecretDiagnostics } from './SecretDiagnostics';
import type { SecretsWorkspace } from './SecretsWorkspace';

const marker = 'stackpilot-ignore-secret';

/** Quick fixes on secret diagnostics: move the value to .env, ignore the line, add to the baseline. */
export class SecretCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly ws: SecretsWorkspace,
    private readonly diagnostics: SecretDiagnostics,
  ) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const f = this.diagnostics.findingFor(doc.uri, d);
      if (!f) continue;
      const move = this.move(doc, f, d);
      if (move) actions.push(move);
      const ignore = this.ignoreLine(doc, f, d);
      if (ignore) actions.push(ignore);
      actions.push(
        this.action('Add to secrets baseline', d, {
          command: 'stackpilot.secrets.addToBaseline',
          title: 'Add to baseline',
          arguments: [doc.uri, f],
        }),
      );
    }
    return actions;
  }

  private action(title: string, d: vscode.Diagnostic, command?: vscode.Command): vscode.CodeAction {
    const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    a.diagnostics = [d];
    if (command) a.command = command;
    return a;
  }

  private move(doc: vscode.TextDocument, f: SecretFinding, d: vscode.Diagnostic): vscode.CodeAction | undefined {
    if (!this.ws.folder || f.range.endLine !== f.range.line) return undefined;
    const lineText = doc.lineAt(f.range.line - 1).text;
    // Offered when the file's language (and, in Go, a const block) allows it; the command re-plans with the real .env.
    const plan = planMoveToEnv({
      path: this.ws.relPath(doc.uri),
      text: doc.getText(),
      lineText,
      line: f.range.line - 1,
      start: f.range.column - 1,
      end: f.range.endColumn - 1,
      ruleId: f.ruleId,
      envText: '',
    });
    if (!plan) return undefined;
    const a = this.action('Move secret to .env', d, {
      command: 'stackpilot.secrets.moveToEnv',
      title: 'Move secret to .env',
      arguments: [doc.uri, f],
    });
    a.isPreferred = true;
    return a;
  }

  private ignoreLine(doc: vscode.TextDocument, f: SecretFinding, d: vscode.Diagnostic): vscode.CodeAction | undefined {
    const comment = commentLine(this.ws.relPath(doc.uri), marker);
    if (!comment) return undefined;
    const line = doc.lineAt(f.range.line - 1);
    const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
    const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const a = this.action('Ignore this line (stackpilot-ignore-secret)', d);
    a.edit = new vscode.WorkspaceEdit();
    a.edit.insert(doc.uri, line.range.start, `${indent}${comment}${eol}`);
    return a;
  }
}
