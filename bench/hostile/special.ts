/** Inputs that cannot be committed to git: FIFOs and symlinks, made in the temporary copy of the corpus. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const fifo = (file: string) => execFileSync('mkfifo', [file]);

export function prepareSpecial(work: string): void {
  const at = (c: string, f: string) => path.join(work, c, f);
  fifo(at('env-file-fifo', 'pipe.env'));
  fifo(at('env-file-fifo-native', 'pipe.env'));
  fifo(at('compose-fifo', 'pipe.yaml'));
  fifo(at('dotenv-is-fifo', '.env'));
  fifo(at('stack-is-fifo', 'stackpilot.yaml'));
  fs.symlinkSync('/etc/passwd', at('env-file-symlink-out', 'link.env'));
}
