/**
 * Colours for the canvas charts, read from VS Code's theme variables (a canvas cannot use CSS
 * variables itself). `onThemeChange` fires when VS Code switches theme (it changes body's class).
 */
const PALETTE = ['blue', 'orange', 'green', 'purple', 'yellow', 'red'];

export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** `#rrggbb` with an alpha; other colour syntaxes are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  return /^#[0-9a-f]{6}$/i.test(color)
    ? `${color}${Math.round(alpha * 255)
        .toString(16)
        .padStart(2, '0')}`
    : color;
}

export function seriesColor(i: number): string {
  return cssVar(`--vscode-charts-${PALETTE[i % PALETTE.length]}`, '#3794ff');
}

export interface ChartTheme {
  axis: string;
  grid: string;
  font: string;
}

export function chartTheme(): ChartTheme {
  const fg = cssVar('--vscode-descriptionForeground', '#999999');
  const family = cssVar('--vscode-font-family', 'sans-serif');
  return { axis: fg, grid: withAlpha(cssVar('--vscode-foreground', '#888888'), 0.12), font: `11px ${family}` };
}

export function onThemeChange(listener: () => void): void {
  new MutationObserver(listener).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
