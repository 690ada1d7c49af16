import * as vscode from 'vscode';
import { maxFileBytes } from '../../core/secrets/scanScope';
import { scanText } from '../../core/secrets/scanText';
import type { SecretDiagnostics } from './SecretDiagnostics';
import type { SecretsWorkspace } from './SecretsWorkspace';

const debounceMs = 150;
const schemes = new Set(['file', 'untitled']);

/** Scans open documents: when opened, and debounced as they change (only the changed document). */
export class DocumentSecretScanner implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly ws: SecretsWorkspace,
    private readonly diagnostics: SecretDiagnostics,
  ) {
    this.disposables = [
      vscode.workspace.onDidOpenTextDocument((doc) => this.scan(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.schedule(e.document)),
      // A closed file's findings come from the background scan of its text on disk (BackgroundSecretScan).
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.cancel(doc.uri);
        this.diagnostics.delete(doc.uri);
      }),
      ws.onDidChange(() => this.scanOpenDocuments()),
    ];
  }

  scanOpenDocuments(): void {
    for (const doc of vscode.workspace.textDocuments) this.scan(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    this.cancel(doc.uri);
    this.timers.set(
      doc.uri.toString(),
      setTimeout(() => {
        this.timers.delete(doc.uri.toString());
        if (!doc.isClosed) this.scan(doc);
      }, debounceMs),
    );
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  /** Synchronous and pure (scanText): a 2,000-line file takes milliseconds. */
  scan(doc: vscode.TextDocument): void {
    if (!schemes.has(doc.uri.scheme)) return;
    const rel = this.ws.relPath(doc.uri);
    const text = doc.getText();
    if (!this.ws.enabled || this.ws.isIgnored(rel) || text.length > maxFileBytes) {
      this.diagnostics.delete(doc.uri);
      return;
    }
    const notCommitted = this.ws.notCommitted(doc.uri);
    const findings = scanText(rel, text, this.ws.options());
    this.diagnostics.set(doc.uri, notCommitted ? findings.map((f) => ({ ...f, notCommitted })) : findings);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
