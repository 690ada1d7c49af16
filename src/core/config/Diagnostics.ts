import type { ConfigDiagnostic, Severity, SourceLocation } from './model';

/** Collects config problems while loading; every one carries a location. */
export class Diagnostics {
  readonly list: ConfigDiagnostic[] = [];

  error(code: string, message: string, location: SourceLocation): void {
    this.add('error', code, message, location);
  }

  warn(code: string, message: string, location: SourceLocation): void {
    this.add('warning', code, message, location);
  }

  info(code: string, message: string, location: SourceLocation): void {
    this.add('info', code, message, location);
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }

  private add(severity: Severity, code: string, message: string, location: SourceLocation): void {
    this.list.push({ severity, code, message, location });
  }
}
