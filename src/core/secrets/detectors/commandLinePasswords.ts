import type { Detector } from '../Detector';
import { passwordRule } from './passwordRule';

/** A value on a command line: quoted or bare, never another flag or an expansion (`$VAR`, `$(…)`, `%VAR%`). */
const value = `["']?([^\\s"'$%-][^\\s"']{2,127})["']?(?=\\s|$)`;

/**
 * Passwords passed on command lines in scripts, CI configs and Dockerfiles (they also leak into
 * shell history and `ps`): `docker login -p …`, `mysql -p…` (glued to the flag, as mysql wants
 * it), `sshpass -p …`, and any `--password …` / `--password=…`.
 */
export const commandLinePasswordDetectors: Detector[] = [
  passwordRule(
    'cli-password',
    'Password on a command line',
    ['docker login', 'sshpass', '--password'],
    new RegExp(
      `(?:\\bdocker[ \\t]{1,4}login\\b[^\\n]{0,200}?[ \\t](?:-p|--password)[ \\t=]{1,4}|\\bsshpass[ \\t]{1,4}-p[ \\t]{0,4}|[ \\t]--(?:[a-z]{1,20}-)?password(?:[ \\t]{1,4}|=))${value}`,
      'dg',
    ),
  ),
  passwordRule(
    'mysql-cli-password',
    'Password on a mysql command line',
    ['mysql', 'mariadb'],
    new RegExp(`\\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\\b[^\\n]{0,200}?[ \\t]-p${value}`, 'dg'),
    { atHit: /(?:mysql|mariadb)[^\n]{0,220}?[ \t]-p[^\s]/iy },
  ),
];
