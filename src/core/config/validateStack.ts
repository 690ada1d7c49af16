import { DependencyGraph } from '../graph/DependencyGraph';
import type { Diagnostics } from './Diagnostics';
import type { PortSpec, ServiceSpec, StackConfig, SourceLocation } from './model';
import { didYouMean } from './suggest';

/**
 * Checks across services, after every service is read: dependencies on services that do not exist,
 * dependency cycles (named in full), waits for health on services without a health check, and host
 * ports declared twice. `invalid` services could not be read (their errors are reported): they are
 * defined for their dependents, but nothing is said about their health.
 */
export function validateStack(config: StackConfig, diags: Diagnostics, invalid: ReadonlySet<string> = new Set()): void {
  const names = Object.keys(config.services);
  for (const svc of Object.values(config.services)) {
    for (const dep of svc.dependsOn) {
      const at = dep.location ?? svc.location;
      const target = config.services[dep.service];
      if (!target) {
        const msg = `Service \`${svc.name}\` depends on \`${dep.service}\`, which is not defined.${didYouMean(dep.service, names)}`;
        if (dep.required) diags.error('missing-dependency', `${msg} Define it, or remove the dependency.`, at);
        else diags.warn('missing-dependency', `${msg} It is optional (\`required: false\`), so it is ignored.`, at);
      } else if (
        dep.condition === 'healthy' &&
        !invalid.has(dep.service) &&
        !target.health &&
        !(target.kind === 'docker' && target.composeHealthcheck && !target.composeHealthcheck.disable)
      ) {
        diags.warn(
          'no-health-check',
          `Service \`${svc.name}\` waits for \`${dep.service}\` to be healthy, but \`${dep.service}\` has no health check: Stackpilot counts it as healthy once it runs (docker compose would refuse to start \`${svc.name}\`). Add \`health:\` (or a compose \`healthcheck:\`) to \`${dep.service}\`, or depend on it as \`started\`.`,
          at,
        );
      }
    }
  }
  checkRestartWith(config, names, diags);
  const graph = new DependencyGraph(
    Object.fromEntries(Object.values(config.services).map((s) => [s.name, s.dependsOn.map((d) => d.service)])),
  );
  for (const cycle of graph.cycles()) {
    const [first, second] = cycle;
    const dep = config.services[first].dependsOn.find((d) => d.service === second);
    diags.error(
      'dependency-cycle',
      `Dependency cycle: ${cycle.join(' -> ')}. Nothing in a cycle can start first: remove one of these dependencies.`,
      dep?.location ?? config.services[first].location,
    );
  }
  checkPorts(Object.values(config.services), diags);
}

function checkPorts(services: ServiceSpec[], diags: Diagnostics): void {
  const seen = new Map<string, { svc: ServiceSpec; port: PortSpec }[]>();
  for (const svc of services) {
    for (const port of svc.ports) {
      const key = `${port.port}/${port.protocol}`;
      const earlier = (seen.get(key) ?? []).find((e) => overlaps(e.port.host, port.host) && mayRunTogether(e.svc, svc));
      if (earlier) {
        const where = (l?: SourceLocation) => (l ? `${l.file.split('/').pop()}:${l.line}:${l.column}` : '');
        const who =
          earlier.svc === svc
            ? `twice by \`${svc.name}\``
            : `by both \`${earlier.svc.name}\` (${where(earlier.port.location)}) and \`${svc.name}\``;
        diags.error(
          'port-conflict',
          `Host port ${port.port}/${port.protocol} is published ${who}; only one can bind it. Give one of them another host port (e.g. "${port.port + 1}:${port.target ?? port.port}").`,
          port.location ?? svc.location,
        );
      }
      seen.set(key, [...(seen.get(key) ?? []), { svc, port }]);
    }
  }
}

const ANY = new Set(['0.0.0.0', '::', '']);
const overlaps = (a: string, b: string) => a === b || ANY.has(a) || ANY.has(b);

/** Services tagged with different compose profiles and no common one are never started together by a plain selection. */
function mayRunTogether(a: ServiceSpec, b: ServiceSpec): boolean {
  if (a.profiles.length === 0 || b.profiles.length === 0) return true;
  return a.profiles.some((p) => b.profiles.includes(p));
}

/** `restartWith` names a service that exists and is not the service itself. */
function checkRestartWith(config: StackConfig, names: string[], diags: Diagnostics): void {
  for (const svc of Object.values(config.services)) {
    for (const r of svc.restartWith ?? []) {
      if (r.service === svc.name)
        diags.error(
          'restart-with-self',
          `Service \`${svc.name}\` lists itself in \`restartWith\`: list the services whose restart should restart it.`,
          r.location,
        );
      else if (!config.services[r.service])
        diags.error(
          'missing-dependency',
          `Service \`${svc.name}\` restarts with \`${r.service}\`, which is not defined.${didYouMean(r.service, names)}`,
          r.location,
        );
    }
  }
}
