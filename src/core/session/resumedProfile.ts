import type { LastRun } from '../report/LastRun';

/**
 * Which profile a window that resumes an earlier run shows and starts. The earlier run's, when it
 * is still going (no end recorded), of this stack, started with a profile this stack has, and the
 * window has no `stackpilot.profile` of its own; with a setting that differs, the window keeps its
 * setting and says so. The record comes from the repository's `.stackpilot/`: a profile the stack
 * does not define is ignored.
 */
export function resumedProfile(
  run: LastRun | undefined,
  stack: { name: string; profiles: readonly string[] },
  window: { setting: string | undefined; profile: string | undefined },
): { use?: string; note?: string } {
  if (!run || run.stack !== stack.name || run.endedAt !== undefined || run.profile === null) return {};
  const wanted = run.profile;
  const parts = wanted.split(',').map((p) => p.trim());
  if (!parts.length || parts.some((p) => p !== '*' && !stack.profiles.includes(p))) return {};
  if (wanted === window.profile) return {};
  if (window.setting)
    return {
      note: `the run this window resumes was started with profile ${wanted}; this window uses profile ${window.profile ?? window.setting} (stackpilot.profile): Start Stack starts that one`,
    };
  return {
    use: wanted,
    note: `resuming the earlier run's profile ${wanted} (stackpilot.profile is not set; Select Profile… to choose another)`,
  };
}
