import * as vscode from 'vscode';
import { binaryExt, maxFileBytes, skipDirs } from '../../../core/secrets/scanScope';
import { scanText } from '../../../core/secrets/scanText';
import type { SecretFinding } from '../../../core/secrets/SecretFinding';
import type { SecretCommand, SecretDeps } from './SecretCommand';

const decoder = new TextDecoder();

async function textOf(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > maxFileBytes) return undefined;
  const bytes = await vscode.workspace.fs.readFile(uri);
  // Binary: a NUL byte early on (as the CLI decides).
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  return decoder.decode(bytes);
}

/** Scan every workspace file git would commit (files it ignores are checked only when open), with progress and cancellation. */
async function scan({ ws, diagnostics, scanner, output }: SecretDeps, progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) {
  const folder = ws.folder!;
  await ws.load();
  const exclude = `{${[...skipDirs].map((d) => `**/${d}/**`).join(',')}}`;
  const all = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), exclude, undefined, token);
  const files = all.filter((u) => !binaryExt.test(u.path) && !ws.isIgnored(ws.relPath(u)) && !ws.notCommitted(u));
  let found = 0;
  let scanned = 0;
  for (const [i, uri] of files.entries()) {
    if (token.isCancellationRequested) break;
    if (i % 25 === 0) {
      progress.report({ message: `${i}/${files.length} ${ws.relPath(uri)}`, increment: (25 * 100) / Math.max(1, files.length) });
      // Let the extension host breathe between batches.
      await new Promise((r) => setImmediate(r));
    }
    let text: string | undefined;
    try {
      text = await textOf(uri);
    } catch (e) {
      output.warn(`secret scan: cannot read ${ws.relPath(uri)}: ${(e as Error).message}`);
    }
    if (text === undefined) continue;
    const findings: SecretFinding[] = scanText(ws.relPath(uri), text, ws.options());
    diagnostics.set(uri, findings);
    found += findings.length;
    scanned++;
  }
  scanner.keepOnClose = true;
  return { found, scanned, total: files.length, cancelled: token.isCancellationRequested };
}

export const scanWorkspace: SecretCommand = {
  id: 'stackpilot.secrets.scanWorkspace',
  run: async (deps) => {
    if (!deps.ws.folder) {
      void vscode.window.showInformationMessage('Stackpilot: open a folder to scan it for secrets.');
      return undefined;
    }
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Stackpilot: scanning for secrets', cancellable: true },
      (progress, token) => scan(deps, progress, token),
    );
    const summary = `${r.found} secret${r.found === 1 ? '' : 's'} found in ${r.scanned} file${r.scanned === 1 ? '' : 's'}${r.cancelled ? ` (cancelled after ${r.scanned} of ${r.total})` : ''}.`;
    deps.output.info(`secret scan: ${summary}`);
    if (r.found > 0) {
      const pick = await vscode.window.showWarningMessage(`Stackpilot: ${summary}`, 'Show Problems');
      if (pick) await vscode.commands.executeCommand('workbench.actions.view.problems');
    } else void vscode.window.showInformationMessage(`Stackpilot: ${summary}`);
    return r;
  },
};
