import type { Detector } from '../Detector';
import { passwordRule } from './passwordRule';

/** Another key of an ADO.NET / ODBC / libpq / JDBC connection string on the line, or a URL the password is a query parameter of. */
const connectionContext =
  /(?:^|[;"'\s?&])(?:server|data source|host|hostname|address|addr|uid|user id|user|username|initial catalog|database|dbname|port|driver|dsn)\s{0,4}=|:\/\/|jdbc:/i;

/**
 * Passwords inside connection strings, where no `key = "value"` rule sees them: ADO.NET and ODBC
 * (`Server=…;User ID=…;Password=…;`), libpq keyword strings (`host=… user=… password=…`) and
 * JDBC or URL query parameters (`jdbc:mysql://host/db?user=app&password=…`), in any file: a JSON,
 * XML or Java string as well as a config file.
 */
export const connectionStringDetectors: Detector[] = [
  // HTTP basic auth in code: requests/httpx `auth=("user", "…")`, `HTTPBasicAuth("user", "…")`, aiohttp `BasicAuth("user", "…")`.
  passwordRule(
    'basic-auth-password',
    'Password in an HTTP basic-auth call',
    ['auth=(', 'auth = (', 'basicauth(', 'digestauth('],
    /(?:\bauth[ \t]{0,4}=[ \t]{0,4}\(|\b(?:HTTPBasicAuth|HTTPDigestAuth|BasicAuth|DigestAuth)\()[ \t]{0,4}["'][^"'\r\n]{1,64}["'][ \t]{0,4},[ \t]{0,4}["']([^"'\r\n]{1,128})["']/dg,
  ),
  passwordRule(
    'connection-string-password',
    'Password in a connection string',
    ['password=', 'pwd=', 'passwd=', 'password =', 'pwd ='],
    /(?<![A-Za-z0-9_.-])(?:password|pwd|passwd)[ \t]{0,4}=[ \t]{0,4}([^;&"'\s<>]{1,128})(?=$|[;&"'\s<>])/dgi,
    { context: (line) => line.includes(';') || line.includes('&') || connectionContext.test(line) },
  ),
  // go-sql-driver/mysql's DSN: `user:password@tcp(host:3306)/db` (no scheme, so no URL rule sees it).
  passwordRule(
    'mysql-dsn-password',
    'Password in a MySQL DSN',
    ['@tcp(', '@unix('],
    /(?<![A-Za-z0-9_.:/@-])[A-Za-z0-9_.-]{1,64}:([^\s:@/"'`]{1,128})@(?:tcp|unix)\(/dg,
    { kind: 'url-credentials' },
  ),
];
