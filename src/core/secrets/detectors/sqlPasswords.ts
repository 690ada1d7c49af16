import type { Detector } from '../Detector';
import { passwordRule } from './passwordRule';

const statement = /\b(?:create|alter)\s{1,8}(?:user|role|login)\b|\bidentified\s{1,8}by\b|\bset\s{1,8}password\b/i;

/**
 * Passwords in SQL (dumps, migrations, init scripts): PostgreSQL `CREATE ROLE … PASSWORD '…'`,
 * MySQL `IDENTIFIED BY '…'`, SQL Server `CREATE LOGIN … WITH PASSWORD = '…'`, `SET PASSWORD … = '…'`.
 * Stored hashes (`'md5…'`, `'SCRAM-SHA-256$…'`) are not passwords; the generic verdict drops them
 * as hex or as code.
 */
export const sqlPasswordDetector: Detector = passwordRule(
  'sql-password',
  'Password in an SQL statement',
  ['password', 'identified by'],
  /(?:\bpassword[ \t]{0,4}(?:=[ \t]{0,4})?|\bidentified[ \t]{1,4}by[ \t]{1,4}(?:password[ \t]{1,4})?)(?:\(\s{0,4})?'([^'\r\n]{1,128})'/dgi,
  {
    atHit: /password[ \t]{0,4}(?:=[ \t]{0,4})?(?:\([ \t]{0,4})?'|identified/iy,
    context: (line) => statement.test(line) && !/'(?:md5[0-9a-f]{32}|SCRAM-SHA-256\$[^']*|\*[0-9A-F]{40})'/.test(line),
  },
);
