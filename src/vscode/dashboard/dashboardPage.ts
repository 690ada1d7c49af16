/**
 * The dashboard's HTML, without vscode: a strict CSP (default-src 'none'; scripts only with this
 * load's nonce; styles, fonts and images only from the extension), no inline data — the model
 * arrives by postMessage. bench:dashboard serves the very same page.
 */
export interface PageParts {
  nonce: string;
  /** The webview's `cspSource` (who may serve styles, fonts, images). */
  cspSource: string;
  script: string;
  styles: string[];
  /**
   * bench:dashboard only: the webview acknowledges every message it drew (`rendered`), for the
   * event-to-screen latency. The extension never sets it, so the product sends no such round trip.
   */
  measureRender?: boolean;
}

export function dashboardPage(p: PageParts): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${p.nonce}'`,
    `style-src ${p.cspSource}`,
    `font-src ${p.cspSource}`,
    `img-src ${p.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${p.styles.map((s) => `<link rel="stylesheet" href="${s}">`).join('\n')}
<title>Stackpilot</title>
</head>
<body${p.measureRender ? ' data-measure-render' : ''}>
<header id="header" aria-live="polite"></header>
<main id="cards" aria-label="Services"></main>
<section id="alerts" aria-label="Alerts"></section>
<section id="charts" aria-label="Metrics"></section>
<div class="split">
<section id="timeline" aria-label="Last start"></section>
<section id="graph" aria-label="Dependencies"></section>
</div>
<script nonce="${p.nonce}" src="${p.script}"></script>
</body>
</html>`;
}
