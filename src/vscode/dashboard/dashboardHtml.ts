import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * The dashboard's HTML: a strict CSP (default-src 'none'; scripts only with this load's nonce;
 * styles and fonts only from the extension), no inline data — the model arrives by postMessage.
 */
export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'dashboard.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'dashboard.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Stackpilot</title>
</head>
<body>
<header id="header" aria-live="polite"></header>
<main id="cards" aria-label="Services"></main>
<section id="alerts" aria-label="Alerts"></section>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
