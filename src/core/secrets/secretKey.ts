/** Split an identifier into lowercase words: `dbPassword`, `DB_PASSWORD`, `db.password` → db, password. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const secretInside = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'accesskey', 'privatekey', 'credential'];
const secretWhole = new Set(['pwd', 'pass', 'auth', 'pw', 'pat']);
const secretPairs = new Set([
  'api key',
  'access key',
  'private key',
  'secret key',
  'signing key',
  'encryption key',
  'master key',
  'client secret',
  'auth token',
  'app key',
  'account key',
]);
/** Keys about a secret rather than holding one. */
const notValue = new Set([
  'file',
  'path',
  'dir',
  'url',
  'uri',
  'endpoint',
  'name',
  'type',
  'id',
  'length',
  'len',
  'size',
  'count',
  'expiry',
  'expires',
  'expiration',
  'ttl',
  'header',
  'prefix',
  'field',
  'env',
  'var',
  'enabled',
  'required',
  'policy',
  'mode',
  'method',
  'format',
  'version',
  'regex',
  'pattern',
  'hint',
  'label',
  'timeout',
  'limit',
  'min',
  'max',
  'ref',
  'key_id',
  'arn',
  'location',
  'provider',
  'source',
  'store',
  'manager',
  'hash',
  'algorithm',
  'alg',
  'rotation',
  'command',
  'cmd',
  'usage',
  'placeholder',
  'description',
  'help',
  'title',
  'kind',
  'class',
  'sha',
  'sha1',
  'sha256',
  'sha512',
  'md5',
  'digest',
  'checksum',
  'fingerprint',
  'etag',
  'commit',
]);
const notSecretWords = new Set([
  'tokenizer',
  'tokens',
  'author',
  'authors',
  'authority',
  'tokenize',
  'passthrough',
  'passenger',
  'passive',
  'bypass',
  'compass',
  'password_reset',
  'secretary',
]);

export type SecretKeyKind = 'password' | 'secret' | undefined;

const classified = new Map<string, SecretKeyKind>();

/** Whether an assignment's key names a secret, and whether it is a password (short values are still secrets). */
export function classifyKey(key: string): SecretKeyKind {
  // The same few keys recur across a code base; splitting them into words is most of the cost.
  if (classified.has(key)) return classified.get(key);
  if (classified.size >= 4096) classified.clear();
  const kind = classifyWords(key);
  classified.set(key, kind);
  return kind;
}

function classifyWords(key: string): SecretKeyKind {
  const words = keyWords(key);
  if (words.length === 0 || notValue.has(words[words.length - 1])) return undefined;
  if (words.some((w) => notSecretWords.has(w))) return undefined;
  if (
    words.some(
      (w) => w.includes('password') || w.includes('passwd') || w.includes('passphrase') || w === 'pwd' || w === 'pass' || w === 'pw',
    )
  )
    return 'password';
  const joined = words.join('');
  if (secretInside.some((s) => joined.includes(s)) || words.some((w) => secretWhole.has(w))) return 'secret';
  for (let i = 0; i + 1 < words.length; i++) if (secretPairs.has(`${words[i]} ${words[i + 1]}`)) return 'secret';
  return undefined;
}
