import { crc32, toBase62 } from '../../../src/core/secrets/githubChecksum';

/** Deterministic synthetic values in providers' formats (mulberry32), so no real secret ever sits in a test. */
export class FakeSecrets {
  private state: number;
  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }

  private next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  of(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }

  alnum(n: number): string {
    return this.of('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n);
  }
  hex(n: number): string {
    return this.of('0123456789abcdef', n);
  }
  upper(n: number): string {
    return this.of('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', n);
  }
  lowerAlnum(n: number): string {
    return this.of('abcdefghijklmnopqrstuvwxyz0123456789', n);
  }
  letters(n: number): string {
    return this.of('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', n);
  }
  word(n: number): string {
    return this.of('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', n);
  }
  b64(n: number): string {
    return this.of('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n);
  }
  digits(n: number): string {
    return this.of('0123456789', n);
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  }

  /** A GitHub classic token with a valid CRC32 checksum. */
  github(prefix: string): string {
    const body = this.alnum(30);
    return `${prefix}${body}${toBase62(crc32(body), 6)}`;
  }

  /** A JWT whose header and payload decode to JSON. */
  jwt(claims: Record<string, unknown> = { sub: 'synthetic-user', iat: 1700000000 }): string {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}.${this.word(43)}`;
  }

  /** A PEM block with synthetic base64 body lines. */
  pem(label: string, lines = 6): string {
    const body = Array.from({ length: lines }, () => this.b64(64)).join('\n');
    return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
  }
}
