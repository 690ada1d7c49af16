import type { HeaderHealth } from '../../shared/protocol';
import type { SummarySeverity } from './summarizeStack';

/**
 * The dashboard's `n/m up` chip, by the status bar's own rule (summarizeStack's severity): red only
 * where the status bar is red (a failing service not yet seen, a critical alert), never for a stack
 * stopped on purpose (`0/5 up` beside a calm `example-shop: stopped`), nor while it starts. Pure.
 */
export function headerHealth(severity: SummarySeverity, up: number, total: number): HeaderHealth {
  switch (severity) {
    case 'error':
      return 'bad';
    case 'warning':
    case 'acknowledged':
      return 'warn';
    case 'ok':
      return total > 0 && up === total ? 'ok' : 'idle';
    case 'idle':
      return 'idle';
  }
}
