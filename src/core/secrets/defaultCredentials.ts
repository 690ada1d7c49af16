import type { RuleMeta } from './Detector';

interface DefaultRule {
  id: string;
  title: string;
  /** Normalised key (upper case, `_` separators). */
  key: RegExp;
  values: readonly string[];
}

const rules: readonly DefaultRule[] = [
  {
    id: 'default-postgres-password',
    title: 'Default Postgres password',
    key: /POSTGRES(?:QL)?_PASSWORD|PGPASSWORD|^DB_PASSWORD$|DATABASE_PASSWORD/,
    values: ['postgres'],
  },
  {
    id: 'default-mysql-password',
    title: 'Default MySQL/MariaDB password',
    key: /(?:MYSQL|MARIADB)(?:_ROOT)?_PASSWORD/,
    values: ['root', 'password', 'mysql', 'secret'],
  },
  {
    id: 'default-grafana-admin',
    title: 'Default Grafana admin password',
    key: /GF_SECURITY_ADMIN_PASSWORD|GRAFANA.*PASSWORD/,
    values: ['admin'],
  },
  {
    id: 'default-minio-credentials',
    title: 'Default MinIO credentials',
    key: /MINIO_(?:ROOT_PASSWORD|SECRET_KEY)/,
    values: ['minioadmin'],
  },
  { id: 'default-rabbitmq-guest', title: 'Default RabbitMQ guest password', key: /RABBITMQ_DEFAULT_PASS/, values: ['guest'] },
  {
    id: 'default-mongo-root',
    title: 'Default MongoDB root password',
    key: /MONGO(?:DB)?_INITDB_ROOT_PASSWORD|MONGODB_ADMINPASSWORD/,
    values: ['example', 'mongo', 'password', 'root'],
  },
  {
    id: 'default-keycloak-admin',
    title: 'Default Keycloak admin password',
    key: /(?:KEYCLOAK|KC_BOOTSTRAP)_ADMIN_PASSWORD/,
    values: ['admin'],
  },
  { id: 'default-pgadmin-password', title: 'Default pgAdmin password', key: /PGADMIN_DEFAULT_PASSWORD/, values: ['admin', 'root'] },
  { id: 'default-elastic-password', title: 'Default Elasticsearch password', key: /ELASTIC(?:SEARCH)?_PASSWORD/, values: ['changeme'] },
  {
    id: 'default-weak-password',
    title: 'Well-known default password',
    key: /PASS(?:WORD|WD|PHRASE)?(?:$|_)|PWD$/,
    values: ['password', 'admin', 'root', 'guest', '123456', 'postgres', 'minioadmin', 'mysql', 'changeit'],
  },
];

const anyDefault = new Set(rules.flatMap((r) => r.values));

export const defaultCredentialRules: readonly RuleMeta[] = rules.map((r) => ({
  id: r.id,
  kind: 'default-credential',
  title: r.title,
  severity: 'info',
}));

export function normaliseKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

/** The default-credential rule a key/value pair matches, if the value is a product's well-known default. */
export function matchDefaultCredential(key: string, value: string): RuleMeta | undefined {
  const v = value.toLowerCase();
  if (!anyDefault.has(v)) return undefined;
  const k = normaliseKey(key);
  const rule = rules.find((r) => r.key.test(k) && r.values.includes(v));
  return rule && defaultCredentialRules.find((m) => m.id === rule.id);
}

const urlDefaults: Record<string, string> = {
  'postgres:postgres': 'default-postgres-password',
  'root:root': 'default-mysql-password',
  'root:password': 'default-mysql-password',
  'guest:guest': 'default-rabbitmq-guest',
  'admin:admin': 'default-weak-password',
  'minioadmin:minioadmin': 'default-minio-credentials',
  'root:example': 'default-mongo-root',
  'elastic:changeme': 'default-elastic-password',
};

/** Default credentials written inline in a URL (`postgres://postgres:postgres@db`). */
export function matchDefaultUrlCredential(user: string, password: string): RuleMeta | undefined {
  // `airflow:airflow@postgres`: a password equal to the user name is a setup default.
  const id =
    urlDefaults[`${user.toLowerCase()}:${password.toLowerCase()}`] ??
    (user.length > 0 && user === password ? 'default-weak-password' : undefined);
  return id === undefined ? undefined : defaultCredentialRules.find((m) => m.id === id);
}
