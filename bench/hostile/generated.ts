/** Hostile inputs too big to commit, written into the bench's temporary copy of the corpus. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Detector } from '../../src/core/secrets/Detector';
import { aiDetectors } from '../../src/core/secrets/detectors/ai';
import { chatDetectors } from '../../src/core/secrets/detectors/chat';
import { cloudDetectors } from '../../src/core/secrets/detectors/cloud';
import { devtoolDetectors } from '../../src/core/secrets/detectors/devtools';
import { emailDetectors } from '../../src/core/secrets/detectors/email';
import { genericAssignmentDetector } from '../../src/core/secrets/detectors/genericAssignment';
import { hostingDetectors } from '../../src/core/secrets/detectors/hosting';
import { httpAuthDetectors } from '../../src/core/secrets/detectors/httpAuth';
import { jwtDetector } from '../../src/core/secrets/detectors/jwt';
import { kubernetesSecretDetector } from '../../src/core/secrets/detectors/kubernetesSecret';
import { npmrcDetectors } from '../../src/core/secrets/detectors/npmrc';
import { monitoringDetectors } from '../../src/core/secrets/detectors/monitoring';
import { paymentDetectors } from '../../src/core/secrets/detectors/payments';
import { privateKeyDetector } from '../../src/core/secrets/detectors/privateKeys';
import { saasDetectors } from '../../src/core/secrets/detectors/saas';
import { secretManagerDetectors } from '../../src/core/secrets/detectors/secretManagers';
import { urlCredentialsDetector } from '../../src/core/secrets/detectors/urlCredentials';
import { vcsDetectors } from '../../src/core/secrets/detectors/vcs';

/** Detector families, as src/core/secrets/detectors/ groups them. */
const families: Record<string, readonly Detector[]> = {
  ai: aiDetectors,
  chat: chatDetectors,
  cloud: cloudDetectors,
  devtools: devtoolDetectors,
  email: emailDetectors,
  generic: [genericAssignmentDetector],
  hosting: hostingDetectors,
  httpAuth: httpAuthDetectors,
  jwt: [jwtDetector],
  kubernetes: [kubernetesSecretDetector],
  npmrc: npmrcDetectors,
  monitoring: monitoringDetectors,
  payments: paymentDetectors,
  privateKeys: [privateKeyDetector],
  saas: saasDetectors,
  secretManagers: secretManagerDetectors,
  urlCredentials: [urlCredentialsDetector],
  vcs: vcsDetectors,
};

const MB = 1024 * 1024;

/** `unit` repeated to `bytes`. */
const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

function bigStack(services: number): string {
  let s = 'services:\n';
  for (let i = 0; i < services; i++) s += `  s${i}:\n    command: sleep ${i}\n    env: { A: "1" }\n`;
  return s;
}

/** A distinct AWS-looking key id for every i (the allow-comment check used to rescan the line per finding). */
const awsId = (i: number) => 'AKIA' + i.toString(36).toUpperCase().padStart(16, 'Q');

export function writeGenerated(work: string): void {
  const put = (c: string, file: string, text: string) => {
    fs.mkdirSync(path.join(work, c), { recursive: true });
    fs.writeFileSync(path.join(work, c, file), text);
  };
  const stack = (c: string, text: string) => put(c, 'stackpilot.yaml', text);
  stack('big-stack-4mb', bigStack(30_000));
  stack('big-stack-8mb', bigStack(60_000));
  stack('yaml-huge-line', `services:\n  web:\n    command: "${fill('x', 5 * MB)}"\n`);
  stack('yaml-deep-flow', 'services: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n');
  stack('yaml-deep-map', 'services: ' + '{a: '.repeat(5_000) + '1' + '}'.repeat(5_000) + '\n');
  stack('yaml-deep-block', 'services:\n' + Array.from({ length: 1_500 }, (_, i) => ' '.repeat(i + 2) + `k${i}:\n`).join(''));
  stack(
    'yaml-many-anchors',
    'x-list:\n' +
      Array.from({ length: 20_000 }, (_, i) => `  - &n${i} v${i}\n`).join('') +
      'x-refs:\n' +
      Array.from({ length: 20_000 }, (_, i) => `  - *n${i}\n`).join('') +
      'services:\n  web:\n    command: echo\n',
  );
  stack(
    'yaml-many-keys-one-map',
    'services:\n  web:\n    command: echo\n    env:\n' + Array.from({ length: 100_000 }, (_, i) => `      K${i}: v\n`).join(''),
  );
  stack('yaml-deep-interp', `services:\n  web:\n    command: "${'${A:-'.repeat(50_000)}x${'}'.repeat(50_000)}"\n`);
  stack('yaml-many-dollars', `services:\n  web:\n    command: "${'${'.repeat(200_000)}"\n`);
  for (const c of ['dotenv-huge', 'dotenv-open-quote', 'dotenv-deep-interp', 'dotenv-one-line'])
    stack(c, 'services:\n  web:\n    command: sleep 1\n');
  put('dotenv-huge', '.env', Array.from({ length: 400_000 }, (_, i) => `K${i}=value${i}\n`).join(''));
  put('dotenv-open-quote', '.env', 'A="' + 'x\n'.repeat(200_000));
  put('dotenv-deep-interp', '.env', 'A=' + '${A:-'.repeat(50_000) + 'x' + '}'.repeat(50_000) + '\n');
  put('dotenv-one-line', '.env', 'A=' + fill('$B', 2 * MB) + '\n');
  put(
    'compose-big',
    'compose.yaml',
    'services:\n' + Array.from({ length: 20_000 }, (_, i) => `  s${i}:\n    image: busybox\n    environment: [A=1]\n`).join(''),
  );

  // Includes that fan out: every file includes every later one (2^12 paths), and a chain of 5,000 `extends`.
  const inc = (i: number) => `i${i}.yaml`;
  put(
    'include-fan',
    'compose.yaml',
    `include: [${Array.from({ length: 12 }, (_, i) => inc(i)).join(', ')}]\nservices:\n  web: { image: busybox }\n`,
  );
  for (let i = 0; i < 12; i++)
    put(
      'include-fan',
      inc(i),
      `include: [${Array.from({ length: 11 - i }, (_, j) => inc(i + j + 1)).join(', ') || 'x.yaml'}]\nx-n: ${i}\n`,
    );
  put('include-fan', 'x.yaml', 'x-a: 1\n');
  put(
    'extends-chain',
    'compose.yaml',
    'services:\n  s0: { image: busybox }\n' + Array.from({ length: 5_000 }, (_, i) => `  s${i + 1}: { extends: s${i} }\n`).join(''),
  );

  // Found by the closing attack: a Kubernetes Secret value of `a#a#…` before U+2028 (the comment was
  // retried at every `#`), and a line of `_authToken=` (each hit re-read 2,000 characters).
  put('scan-k8s-secret-hash', 'secret.yaml', `kind: Secret\ndata:\n${`  k: ${'a#'.repeat(30_000)}a\u2028\n`.repeat(16)}`);
  put('scan-npmrc-run', '.npmrc', `//r/:_authToken= ${'_authToken='.repeat((2 * MB - 64) / 11)}`);

  // Scanner: one line of distinct findings, private-key markers, and a long line for every detector family.
  put('scan-aws-line-1mb', 'keys.txt', Array.from({ length: Math.floor(MB / 21) }, (_, i) => awsId(i)).join(' '));
  put('scan-aws-line-2mb', 'keys.txt', Array.from({ length: Math.floor((2 * MB - 64) / 21) }, (_, i) => awsId(i)).join(' '));
  put('scan-pem-begin-lines', 'keys.pem', fill('-----BEGIN RSA PRIVATE KEY-----<\n', 2 * MB - 64));
  put(
    'scan-pem-begin-then-end',
    'keys.pem',
    fill('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n', 2 * MB - 200) + '\n-----END RSA PRIVATE KEY-----\n',
  );
  put(
    'scan-allow-comments',
    'app.ts',
    Array.from({ length: 50_000 }, (_, i) => `const k${i} = "${awsId(i)}"; // gitleaks:allow\n`)
      .join('')
      .slice(0, 2 * MB - 64),
  );
  // One folder per detector family: a 1 MB single line of every keyword of the family, each run
  // into the characters tokens are made of, and 1 MB of short lines, one keyword assignment each.
  for (const [family, detectors] of Object.entries(families)) {
    const keywords = detectors.flatMap((d) => d.keywords);
    put(`scan-family-${family}`, 'one-line.txt', fill(keywords.map((k) => `${k}${k}=A1b2C3d4E5f6G7h8_-:${k}" `).join(''), MB));
    put(`scan-family-${family}`, 'lines.txt', fill(keywords.map((k) => `${k}=${k}${'A'.repeat(40)}\n`).join(''), MB));
  }
}
