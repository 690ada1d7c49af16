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
  // Links to what must never be read: a process's environment, a FIFO, nothing at all.
  const dir = (c: string, files: Record<string, string>) => {
    fs.mkdirSync(path.join(work, c), { recursive: true });
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(at(c, f), text);
  };
  dir('link-env-file-environ', { 'stackpilot.yaml': 'services:\n  web:\n    command: sleep 1\n    envFile: e.env\n' });
  fs.symlinkSync('/proc/self/environ', at('link-env-file-environ', 'e.env'));
  dir('link-dotenv-environ', { 'stackpilot.yaml': 'services:\n  web:\n    command: sleep 1\n' });
  fs.symlinkSync('/proc/self/environ', at('link-dotenv-environ', '.env'));
  dir('link-compose-environ', {});
  fs.symlinkSync('/proc/self/environ', at('link-compose-environ', 'compose.yaml'));
  dir('link-env-file-fifo', { 'compose.yaml': 'services:\n  web:\n    image: busybox\n    env_file: l.env\n' });
  fifo(at('link-env-file-fifo', 'p'));
  fs.symlinkSync('p', at('link-env-file-fifo', 'l.env'));
  dir('link-dangling', { 'compose.yaml': 'services:\n  web:\n    image: busybox\n    env_file: l.env\n' });
  fs.symlinkSync('nowhere', at('link-dangling', 'l.env'));
  dir('link-stack-passwd', {});
  fs.symlinkSync('/etc/passwd', at('link-stack-passwd', 'stackpilot.yaml'));
  // A file name that is an escape sequence (clear screen, retitle) holding a secret: scan prints its name.
  dir('scan-escape-file-name', { ['a\u001b[2J\u001b]0;pwned\u0007.txt']: 'k = "AKIAIOSFODNN7EXAMPLQ"\n' });
}
