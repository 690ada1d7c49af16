import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { dashboardPage } from './dashboardPage';

/** The dashboard's HTML for this webview: a fresh nonce per load, resources as webview URIs. */
export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  return dashboardPage({
    nonce: randomBytes(16).toString('base64'),
    cspSource: webview.cspSource,
    script: uri('dist', 'webview', 'dashboard.js'),
    // uPlot's stylesheet (bundled by esbuild from the webview entry's CSS import), then ours.
    styles: [uri('dist', 'webview', 'dashboard.css'), uri('media', 'dashboard.css')],
  });
}
