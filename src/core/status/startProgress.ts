import type { LogLine } from '../ports';

/**
 * What the editor's "starting" notification says: how many selected services are up, and any
 * image pull in progress (the Docker runner logs `pulling IMAGE: 42% of 3 layer(s)` as a system
 * line, at most every 500 ms, then `pulled IMAGE`).
 */
export class StartProgress {
  private readonly pulls = new Map<string, string>();

  /** Takes a log line; true when it changed what a pull reports. */
  onLog(line: LogLine): boolean {
    if (line.stream !== 'system') return false;
    if (line.text.startsWith('pulling ')) {
      this.pulls.set(line.service, line.text);
      return true;
    }
    if (line.text.startsWith('pulled ') || line.text.startsWith('image ')) return this.pulls.delete(line.service);
    return false;
  }

  /** `starting` tells which services are still starting: a pull of a service that failed or came up is over. */
  message(up: number, total: number, starting: (service: string) => boolean = () => true): string {
    const parts = [`starting: ${up}/${total} services up`];
    for (const [service, text] of this.pulls) {
      if (starting(service)) parts.push(text);
      else this.pulls.delete(service);
    }
    return parts.join(' · ');
  }
}
