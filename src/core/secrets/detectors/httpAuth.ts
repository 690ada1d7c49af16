import type { Detector } from '../Detector';
import { isKnownNonSecret, isPlaceholder } from '../isPlaceholder';
import { shannonEntropy } from '../shannonEntropy';
import { token } from './define';

const literal = (v: string): boolean => !isPlaceholder(v) && !isKnownNonSecret(v) && !/\$|%[sd]|\{/.test(v);

/** Credentials written into HTTP requests: Authorization headers and `curl -u user:password`. */
export const httpAuthDetectors: Detector[] = [
  token(
    'authorization-header',
    'Hardcoded Authorization header',
    ['authorization'],
    `authorization["']?\\s{0,4}[:=,]\\s{0,4}["'\`]?(?:Bearer|Basic|Token|Bot)\\s{1,4}([A-Za-z0-9._~+/=-]{20,500})(?![A-Za-z0-9._~+/=-])`,
    {
      flags: 'i',
      atKeyword: `authorization["']?\\s{0,4}[:=,]`,
      kind: 'generic-assignment',
      severity: 'warning',
      confidence: 'medium',
      validate: (v) => literal(v) && shannonEntropy(v) >= 3.5,
    },
  ),
  token(
    'curl-basic-auth',
    'Password in a curl command',
    ['curl'],
    `curl\\b[^\\n]{0,200}?\\s(?:-u|--user)\\s{1,4}["']?[^\\s:"']{1,64}:([^\\s@"']{3,128})["']?(?=\\s)`,
    {
      kind: 'generic-assignment',
      severity: 'warning',
      confidence: 'medium',
      validate: literal,
    },
  ),
];
