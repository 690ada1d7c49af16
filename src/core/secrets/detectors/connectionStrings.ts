import type { Detector } from '../Detector';
import { passwordRule } from './passwordRule';

/**
 * What makes `password=…` part of a connection string: another `Key=value;` pair (ADO.NET, ODBC),
 * the password as a URL's query parameter (JDBC), or another libpq keyword (`host=… user=…`).
 * Code (`var password = get(…);`) has blanks around its `=` and is none of these.
 */
const connectionContext = [
  /(?:^|[;"'\s])[A-Za-z][A-Za-z ]{0,20}[A-Za-z]=[^;"'=\s][^;"'=]{0,200};/,
  /[?&](?:password|pwd|passwd)=/i,
  /(?:^|["'\s])(?:host|hostaddr|user|dbname|port|sslmode)=[^\s"'=,]{1,200}\s/,
];

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
    ['password=', 'pwd=', 'passwd='],
    /(?<![A-Za-z0-9_.-])(?:password|pwd|passwd)=([^;&"'\s<>(){},]{1,128})(?=$|[;&"'\s<>])/dgi,
    { context: (line) => connectionContext.some((re) => re.test(line)), inString: true },
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
