/** A generated tree of ordinary source (TS, Python, YAML, Go) with synthetic secrets sprinkled in, for the speed bench. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32, toBase62 } from '../src/core/secrets/githubChecksum';

class Rng {
  constructor(private s: number) {}
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
}

const words = [
  'order',
  'user',
  'account',
  'invoice',
  'session',
  'cache',
  'queue',
  'payment',
  'item',
  'config',
  'request',
  'response',
  'handler',
  'client',
  'product',
  'report',
  'event',
  'profile',
  'retry',
  'limit',
];
const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const cap = (w: string) => w[0].toUpperCase() + w.slice(1);

type Lang = 'ts' | 'py' | 'yaml' | 'go';
const templates: Record<Lang, ((r: Rng, a: string, b: string) => string)[]> = {
  ts: [
    (_r, a, b) => `import { ${cap(a)}${cap(b)} } from './${a}/${b}';`,
    (_r, a, b) => `export async function load${cap(a)}(${b}Id: string, limit = 50): Promise<${cap(a)}[]> {`,
    (_r, a, b) => `  const ${a}${cap(b)} = await this.${a}Repository.find({ where: { ${b}Id }, take: limit });`,
    (_r, a, b) => `  if (!${a}${cap(b)}) throw new NotFoundError(\`${a} \${${b}Id} was not found\`);`,
    (_r, a) => `  return ${a}s.map((x) => ({ ...x, updatedAt: new Date(x.updatedAt) }));`,
    () => '}',
    (_r, a, b) => `// The ${a} ${b} is refreshed when the ${b} expires; see the docs for the rotation policy.`,
    (_r, a) => `  const ${a}Token = request.headers.get('authorization')?.replace(/^Bearer /, '');`,
    (_r, a) => `  ${a}Password: z.string().min(12).max(128),`,
    (_r, a) => `const ${a}SecretName = process.env.${a.toUpperCase()}_SECRET_NAME ?? 'default';`,
  ],
  py: [
    (_r, a, b) => `from .${a} import ${cap(a)}${cap(b)}Service`,
    (_r, a, b) => `def get_${a}_${b}(session, ${b}_id: int, limit: int = 50) -> list[${cap(a)}]:`,
    (_r, a, b) => `    rows = session.query(${cap(a)}).filter(${cap(a)}.${b}_id == ${b}_id).limit(limit).all()`,
    (_r, a) => `    logger.info("loaded %d ${a} rows", len(rows))`,
    () => `    return [row.to_dict() for row in rows]`,
    (_r, a) => `    ${a}_token = os.environ.get("${a.toUpperCase()}_TOKEN")`,
    (_r, a, b) => `# ${cap(a)} ${b} settings come from the environment, never from this file.`,
  ],
  yaml: [
    (_r, a) => `  ${a}:`,
    (_r, a) => `    image: registry.example.com/${a}:1.4.2`,
    (_r, a) =>
      `    environment:\n      ${a.toUpperCase()}_URL: http://${a}:8080\n      ${a.toUpperCase()}_PASSWORD: \${${a.toUpperCase()}_PASSWORD}`,
    (r) => `    ports: ["${8000 + r.int(999)}:8080"]`,
    (_r, a) => `    depends_on: [${a}-db]`,
  ],
  go: [
    (_r, a, b) => `func (s *${cap(a)}Service) Get${cap(b)}(ctx context.Context, id string) (*${cap(b)}, error) {`,
    (_r, a) => `\trow := s.db.QueryRowContext(ctx, "SELECT id, name FROM ${a}s WHERE id = $1", id)`,
    () => `\tif err != nil {\n\t\treturn nil, fmt.Errorf("query: %w", err)\n\t}`,
    (_r, a) => `\t${a}Token := os.Getenv("${a.toUpperCase()}_TOKEN")`,
    () => '}',
  ],
};
const ext: Record<Lang, string> = { ts: 'ts', py: 'py', yaml: 'yaml', go: 'go' };

function secret(r: Rng): string {
  switch (r.int(4)) {
    case 0:
      return `const stripeKey = "sk_live_${r.chars(alnum, 24)}";`;
    case 1:
      return `AWS_ACCESS_KEY_ID = "AKIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}"`;
    case 2: {
      const body = r.chars(alnum, 30);
      return `GITHUB_TOKEN: ghp_${body}${toBase62(crc32(body), 6)}`;
    }
    default:
      return `  DB_PASSWORD: "${r.chars(alnum, 10)}!${r.chars(alnum, 6)}"`;
  }
}

/** One file's text of about `bytes` bytes; with `secrets`, that many secret lines at random places. */
export function sourceText(r: Rng, lang: Lang, bytes: number, secrets: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = r.pick(templates[lang])(r, r.pick(words), r.pick(words));
    lines.push(line);
    size += line.length + 1;
  }
  for (let i = 0; i < secrets; i++) lines.splice(r.int(lines.length), 0, secret(r));
  return `${lines.join('\n')}\n`;
}

/** Write >= `totalBytes` of source under `dir`: files of ~64 KB in nested folders, one in 40 with secrets. Returns bytes written. */
export function writeTree(dir: string, totalBytes: number, seed = 7): { bytes: number; files: number } {
  const r = new Rng(seed);
  const langs: Lang[] = ['ts', 'ts', 'py', 'yaml', 'go'];
  let bytes = 0;
  let files = 0;
  while (bytes < totalBytes) {
    const lang = r.pick(langs);
    const sub = path.join(dir, `pkg${files % 40}`, r.pick(words));
    fs.mkdirSync(sub, { recursive: true });
    const text = sourceText(r, lang, 32_000 + r.int(64_000), files % 40 === 0 ? 1 + r.int(2) : 0);
    fs.writeFileSync(path.join(sub, `${r.pick(words)}_${files}.${ext[lang]}`), text);
    bytes += Buffer.byteLength(text);
    files++;
  }
  return { bytes, files };
}

export { Rng };
