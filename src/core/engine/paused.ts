/**
 * A process the OS has stopped (SIGSTOP: state `T` in /proc/<pid>/stat) is shown `unhealthy` with
 * this reason: it is not up, and its tcp port may still accept connections (the kernel completes
 * the handshake), so no probe can tell. One word for every surface (tree, status bar, dashboard, CLI).
 */
export const PAUSED_REASON = 'paused (SIGSTOP)';

/** A container frozen by `docker pause` (the cgroup freezer): the same state, its own cause. */
export const CONTAINER_PAUSED_REASON = 'paused (docker pause)';

/** The paused reason for a service of this kind. */
export const pausedReason = (kind: string): string => (kind === 'docker' ? CONTAINER_PAUSED_REASON : PAUSED_REASON);

/** Whether a reason says the OS (or the container engine) has the instance paused. */
export const isPausedReason = (reason: string | undefined): boolean => reason === PAUSED_REASON || reason === CONTAINER_PAUSED_REASON;

/**
 * How often a supervised instance is asked whether it is paused, at most (its probe interval when
 * shorter): one synchronous read of /proc/<pid>/stat (a container's state follows Docker's events).
 * At 1 s a hang took 1.3 s (p50) to show on the loaded machine (bench:truth).
 */
export const PAUSE_POLL_MS = 250;
