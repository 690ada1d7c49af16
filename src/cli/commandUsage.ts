/** `stackpilot <command> --help`: each command's usage, printed before anything runs. */
const common = `  --file PATH       the stack file (default ./stackpilot.yaml, else the compose file here)
  --profile NAME    start only the services of this profile`;

export const commandUsage: Record<string, string> = {
  validate: `usage: stackpilot validate [--file PATH] [--profile NAME]

Checks the stack file(s) and prints every problem as file:line:col. Exit 1 on errors.

${common}`,
  plan: `usage: stackpilot plan [SERVICE...] [--json] [--file PATH] [--profile NAME]

Start order and critical path, with durations from the last run.

  --json            machine-readable output
${common}`,
  up: `usage: stackpilot up [SERVICE...] [--wait] [--timeout S] [--quiet] [--prometheus PORT] [--no-watch] [--file PATH] [--profile NAME]

Starts the services in dependency order, gated on health. Without --wait, supervises in the
foreground (logs, alerts, webhooks, history in .stackpilot/alerts.jsonl) until Ctrl-C, which stops
everything.

  --wait            start, wait until everything settled, print a summary and exit (services keep
                    running; exit 1 if anything failed)
  --timeout S       give up waiting after S seconds
  --quiet           do not print the services' logs while supervising
  --prometheus PORT serve metrics at http://127.0.0.1:PORT/metrics while supervising (0: any free port)
  --no-watch        do not restart services on file changes (while supervising, services that
                    declare \`watch:\` restart when a matching file changes; --watch is the default)
${common}`,
  down: `usage: stackpilot down [SERVICE...] [--volumes] [--file PATH] [--profile NAME]

Stops what up started, dependents first. While a live supervisor holds the stack (a foreground
\`up\`, an editor window), it is asked to do it over its control channel: without SERVICE it stops
everything and exits (then networks and leftovers are cleaned up here); with SERVICE it stops those
and keeps supervising the rest, never restarting what it was told to stop.

  --volumes         also remove the stack's named Docker volumes (whole stack only)
${common}`,
  stop: `usage: stackpilot stop SERVICE... [--file PATH] [--profile NAME]

Stops those services (as \`down SERVICE...\`). A live supervisor stops them itself and keeps
supervising the rest.

${common}`,
  restart: `usage: stackpilot restart SERVICE... [--timeout S] [--file PATH] [--profile NAME]

Stops the services and starts them again, health-gated. While a live supervisor holds the stack it
does the restart (and keeps supervising them); otherwise this command does, under the stack's lock,
and leaves them running as \`up --wait\` does. Exit 1 when one of them is not up afterwards.

  --timeout S       give up waiting for health after S seconds (default 300)
${common}`,
  status: `usage: stackpilot status [--json] [--file PATH] [--profile NAME]

What runs now. Exit 1 when a selected service is not up.

  --json            machine-readable output
${common}`,
  acknowledge: `usage: stackpilot acknowledge ALERT [--file PATH]

Acknowledges a firing alert of the stack's live supervisor (a foreground \`up\`, or the editor
window running the stack), which owns the alert state: \`status\`, every window and the supervisor
show it acknowledged (counted apart, no longer red). ALERT is its key as \`stackpilot status\`
prints it, e.g. service-down/api. Exit 1 when nothing supervises the stack, the alert is not firing,
or the supervisor does not answer.

${common}`,
  silence: `usage: stackpilot silence ALERT [--for DURATION] [--file PATH]

Silences an alert of the stack's live supervisor for a while: it stays listed but notifies nobody
(no webhook, no notification) and is not counted, everywhere, until the silence ends. Matches the
alert's rule and service, as the editor's Silence does.

  --for DURATION    how long: 1s to 7d, e.g. 15m, 4h (default 1h)
${common}`,
  report: `usage: stackpilot report [--out DIR] [--history FILE] [--file PATH] [--profile NAME]

Writes report.json and a self-contained report.html of the last run: health, uptime, alerts and
the start-up timeline.

  --out DIR         where to write them (default .stackpilot beside the stack file)
  --history FILE    the alert history (default .stackpilot/alerts.jsonl)
${common}`,
  logs: `usage: stackpilot logs SERVICE [--follow] [--tail N] [--file PATH]

A service's stdout and stderr from its log files.

  --follow          keep printing new lines until Ctrl-C
  --tail N          start with the last N lines (default 200)
${common}`,
};

/** True when the arguments ask for help (`--help` or `-h` anywhere before a `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
