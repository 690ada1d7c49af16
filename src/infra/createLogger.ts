import type { Logger } from '../core/ports';

/** Anything with the four levels: a VS Code LogOutputChannel, the console, a test collector. */
export type LoggerLike = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/**
 * A Logger over `output` (e.g. a LogOutputChannel), or over stderr when there is none. Debug lines
 * go to the console only when STACKPILOT_DEBUG is set, so the CLI stays quiet by default.
 */
export function createLogger(output?: LoggerLike): Logger {
  if (output) {
    return {
      debug: (m) => output.debug(m),
      info: (m) => output.info(m),
      warn: (m) => output.warn(m),
      error: (m) => output.error(m),
    };
  }
  const debug = !!process.env.STACKPILOT_DEBUG;
  return {
    debug: (m) => {
      if (debug) console.error(`[debug] ${m}`);
    },
    info: (m) => console.error(m),
    warn: (m) => console.error(`warning: ${m}`),
    error: (m) => console.error(`error: ${m}`),
  };
}
