import type { Detector } from '../Detector';
import { isPlaceholder } from '../isPlaceholder';
import { shannonEntropy } from '../shannonEntropy';
import { token } from './define';

/** Not inside a longer name (`my_authToken`); npm writes `//registry.host/path/:` before a per-registry setting. */
const scope = '(?<![A-Za-z0-9])';
/** Keys, separators and values of these settings: a hit inside such a run after an earlier hit is not tried again. */
const RUN = 'A-Za-z0-9_.+/=:-';
const literal = (v: string): boolean => !isPlaceholder(v) && !/[${}%]/.test(v);

/** `user:password` once base64-decoded (npm's `_auth`); a Yarn `npmAuthIdent` is that text as is. */
function isUserPassword(text: string): boolean {
  const colon = text.indexOf(':');
  return colon > 0 && colon < text.length - 3 && /^[\x21-\x7e]+$/.test(text) && literal(text.slice(colon + 1));
}

const decodes = (v: string): boolean => isUserPassword(Buffer.from(v, 'base64').toString('latin1'));

/**
 * npm and Yarn registry credentials (docs.npmjs.com "npmrc", "config" auth settings; Yarn's
 * `.yarnrc.yml`): `_authToken=` a bearer token (any registry's shape, not only `npm_`), `_auth=`
 * base64 of `user:password`, `_password=` base64 of a password, `npmAuthToken:`/`npmAuthIdent:`.
 * `${NPM_TOKEN}` references are what npm documents for CI and are not findings.
 */
export const npmrcDetectors: Detector[] = [
  token(
    'npmrc-auth-token',
    'npm registry auth token (.npmrc _authToken)',
    ['_authtoken'],
    `${scope}_authToken[ \\t]{0,4}=[ \\t]{0,4}["']?([A-Za-z0-9_.+/=:-]{16,2000})(?![A-Za-z0-9_.+/=:-])`,
    {
      atKeyword: `_authToken[ \\t]{0,4}=`,
      runClass: RUN,
      validate: (v) => literal(v) && shannonEntropy(v) >= 3,
    },
  ),
  token(
    'npmrc-basic-auth',
    'npm registry user:password (.npmrc _auth)',
    ['_auth'],
    `${scope}_auth[ \\t]{0,4}=[ \\t]{0,4}["']?([A-Za-z0-9+/]{8,2000}={0,2})(?![A-Za-z0-9+/=])`,
    {
      atKeyword: `_auth[ \\t]{0,4}=`,
      runClass: RUN,
      validate: decodes,
    },
  ),
  token(
    'npmrc-password',
    'npm registry password (.npmrc _password)',
    ['_password'],
    `${scope}_password[ \\t]{0,4}=[ \\t]{0,4}["']?([A-Za-z0-9+/]{4,2000}={0,2})(?![A-Za-z0-9+/=])`,
    {
      atKeyword: `_password[ \\t]{0,4}=`,
      runClass: RUN,
      validate: (v) => literal(Buffer.from(v, 'base64').toString('latin1')) && Buffer.from(v, 'base64').length >= 6,
    },
  ),
  token(
    'yarnrc-auth-token',
    'Yarn registry auth token (npmAuthToken)',
    ['npmauthtoken'],
    `npmAuthToken["']?[ \\t]{0,4}:[ \\t]{0,4}["']?([A-Za-z0-9_.+/=-]{16,2000})(?![A-Za-z0-9_.+/=-])`,
    {
      atKeyword: `npmAuthToken`,
      runClass: RUN,
      validate: (v) => literal(v) && shannonEntropy(v) >= 3,
    },
  ),
  token(
    'yarnrc-auth-ident',
    'Yarn registry user:password (npmAuthIdent)',
    ['npmauthident'],
    `npmAuthIdent["']?[ \\t]{0,4}:[ \\t]{0,4}["']?([^\\s"']{5,400})`,
    {
      atKeyword: `npmAuthIdent`,
      validate: (v) => isUserPassword(v) || decodes(v),
    },
  ),
];
