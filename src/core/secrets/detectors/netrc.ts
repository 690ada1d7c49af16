import type { Detector } from '../Detector';
import { passwordRule } from './passwordRule';

const netrcFile = /(?:^|[/\\])(?:[._]?netrc|[^/\\]*\.netrc)$/i;

/**
 * `.netrc` credentials (curl, git, ftp, pip, Heroku's CLI read them): `machine HOST login USER
 * password SECRET`, on one line or one pair per line; no `=`, so no assignment rule sees them.
 * In a `.netrc` file every `password` counts; elsewhere (a script writing one) only on a line
 * that reads `machine HOST login …`.
 */
export const netrcDetector: Detector = passwordRule(
  'netrc-password',
  'Password in a .netrc entry',
  ['password'],
  /(?:^|[ \t])password[ \t]{1,8}([^\s"',]{1,256})(?=\s|$|["'])/dg,
  {
    atHit: /password[ \t]{1,8}[^\s=:"'(,;]/iy,
    context: (line, ctx) => netrcFile.test(ctx.path) || /(?:^|[\s"'])machine\s+\S+\s+login\s/.test(line),
  },
);
