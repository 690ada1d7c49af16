import * as path from 'node:path';
import type { ConfigDiagnostic } from '../core/config/model';
import type { Io, Output } from './Output';

/** `file:line:col: error: message [code]`, the form editors and terminals turn into links. */
export function printDiagnostics(diagnostics: readonly ConfigDiagnostic[], io: Io, out: Output): void {
  for (const d of diagnostics) {
    const where = `${path.relative(io.cwd, d.location.file) || d.location.file}:${d.location.line}:${d.location.column}`;
    const sev = out.paint(d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : 'blue', d.severity);
    io.stderr(`${where}: ${sev}: ${d.message} ${out.paint('gray', `[${d.code}]`)}\n`);
  }
}
