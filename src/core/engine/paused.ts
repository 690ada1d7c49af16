/**
 * A process the OS has stopped (SIGSTOP: state `T` in /proc/<pid>/stat) is shown `unhealthy` with
 * this reason: it is not up, and its tcp port may still accept connections (the kernel completes
 * the handshake), so no probe can tell. One word for every surface (tree, status bar, dashboard, CLI).
 */
export const PAUSED_REASON = 'paused (SIGSTOP)';

/**
 * How often a supervised instance is asked whether it is paused, at most (its probe interval when
 * shorter): one read of /proc/<pid>/stat. At 1 s a hang took 1.3 s (p50) to show on the loaded machine (bench:truth).
 */
export const PAUSE_POLL_MS = 250;
