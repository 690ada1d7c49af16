import { describeHolder, type LockHolder } from './stackLock';

/** Another process (a `stackpilot up`, another window) supervises the stack: this window only shows it. */
export class SupervisedElsewhereError extends Error {
  constructor(
    readonly stack: string,
    readonly holder: LockHolder,
  ) {
    super(`${stack} is supervised by ${describeHolder(holder)}: shown here read-only, nothing is started or supervised from this window`);
    this.name = 'SupervisedElsewhereError';
  }
}
