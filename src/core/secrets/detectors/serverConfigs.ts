import type { Detector } from '../Detector';
import { passwordRule } from './passwordRule';

/**
 * Server settings written `directive value`, with no `=`: Redis `requirepass` / `masterauth` (in
 * redis.conf or as `--requirepass` on a command line), PowerShell's `ConvertTo-SecureString "…"
 * -AsPlainText`, and `.pgpass` lines (`host:port:db:user:password`).
 */
export const serverConfigDetectors: Detector[] = [
  passwordRule(
    'redis-password',
    'Redis password (requirepass / masterauth)',
    ['requirepass', 'masterauth'],
    /(?:^|[ \t"'[,])-{0,2}(?:requirepass|masterauth)[ \t]{1,8}["']?([^\s"',\]]{1,256})/dg,
  ),
  passwordRule(
    'powershell-plaintext-password',
    'Password in ConvertTo-SecureString -AsPlainText',
    ['convertto-securestring'],
    /ConvertTo-SecureString[ \t]{1,4}(?:-String[ \t]{1,4})?["']([^"'\r\n]{1,256})["'][^\n]{0,40}-AsPlainText/dgi,
  ),
  passwordRule(
    'pgpass-password',
    'Password in a .pgpass entry',
    [':5432:', ':*:'],
    /^[^:\s#]{1,253}:(?:[0-9]{1,5}|\*):[^:\s]{1,63}:[^:\s]{1,63}:([^\s]{1,256})$/dgm,
    { kind: 'url-credentials' },
  ),
];
