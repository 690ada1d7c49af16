import { HOST_SILENT_MS } from '../shared/protocol';
import { formatAge } from './formatAge';

/**
 * Why the page does not show what a live host tells it, or undefined when it does. A reloaded page
 * draws its saved model before the host's first snapshot (`heardAt` undefined); a host that died
 * (an extension host crash) leaves the page without its `alive`, sent every HOST_ALIVE_MS while
 * the panel is visible. Pure.
 */
export function notLiveText(heardAt: number | undefined, now: number): string | undefined {
  if (heardAt === undefined) return 'last known state, not live: waiting for Stackpilot';
  if (now - heardAt > HOST_SILENT_MS) return `not live: no word from Stackpilot for ${formatAge(now - heardAt)}`;
  return undefined;
}
