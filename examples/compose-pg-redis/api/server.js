// A small API over PostgreSQL and Redis, reached by their compose service names. No npm packages:
// the images have none, so it speaks both wire protocols itself (PostgreSQL simple queries with
// trust authentication, Redis RESP). GET /health checks both; POST /notes {text} stores a row and
// counts it in Redis; GET /notes lists the rows and the counter.
'use strict';
const http = require('node:http');
const net = require('node:net');

const pgUrl = new URL(process.env.DATABASE_URL || 'postgres://postgres@postgres:5432/app');
const redisUrl = new URL(process.env.REDIS_URL || 'redis://redis:6379');

/** One query on a fresh connection: rows as arrays of text (null for NULL). */
function pgQuery(sql) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(pgUrl.port || 5432), pgUrl.hostname);
    const timer = setTimeout(() => sock.destroy(new Error('postgres: no answer in 5 s')), 5000);
    const params = Buffer.from(`user\0${decodeURIComponent(pgUrl.username || 'postgres')}\0database\0${pgUrl.pathname.slice(1) || 'postgres'}\0\0`);
    const start = Buffer.alloc(8);
    start.writeInt32BE(8 + params.length, 0);
    start.writeInt32BE(196608, 4);
    sock.write(Buffer.concat([start, params]));
    let buf = Buffer.alloc(0);
    const rows = [];
    let error;
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 5) {
        const type = String.fromCharCode(buf[0]);
        const len = buf.readInt32BE(1);
        if (buf.length < 1 + len) break;
        const body = buf.subarray(5, 1 + len);
        buf = buf.subarray(1 + len);
        if (type === 'R' && body.readInt32BE(0) !== 0) error = new Error('postgres: only trust authentication is supported');
        else if (type === 'E') error = new Error(`postgres: ${body.toString().split('\0').filter((f) => f.startsWith('M')).map((f) => f.slice(1)).join(' ')}`);
        else if (type === 'D') {
          const n = body.readInt16BE(0);
          const row = [];
          for (let i = 0, off = 2; i < n; i++) {
            const l = body.readInt32BE(off);
            off += 4;
            row.push(l < 0 ? null : body.subarray(off, off + l).toString());
            off += Math.max(l, 0);
          }
          rows.push(row);
        } else if (type === 'Z') {
          if (sql === undefined || error) {
            clearTimeout(timer);
            sock.end();
            return error ? reject(error) : resolve(rows);
          }
          const q = Buffer.from(`${sql}\0`);
          const head = Buffer.alloc(5);
          head.write('Q', 0);
          head.writeInt32BE(4 + q.length, 1);
          sock.write(Buffer.concat([head, q]));
          sql = undefined;
        }
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** One Redis command on a fresh connection: the reply as text or number. */
function redis(...args) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(redisUrl.port || 6379), redisUrl.hostname);
    const timer = setTimeout(() => sock.destroy(new Error('redis: no answer in 5 s')), 5000);
    sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`);
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString();
      const line = buf.indexOf('\r\n');
      if (line < 0) return;
      const kind = buf[0];
      const head = buf.slice(1, line);
      let value;
      if (kind === '+') value = head;
      else if (kind === ':') value = Number(head);
      else if (kind === '-') return finish(new Error(`redis: ${head}`));
      else if (kind === '$') {
        const n = Number(head);
        if (n < 0) value = null;
        else if (buf.length < line + 2 + n + 2) return;
        else value = buf.slice(line + 2, line + 2 + n);
      } else return finish(new Error(`redis: unexpected reply ${JSON.stringify(buf.slice(0, 20))}`));
      finish(undefined, value);
    });
    const finish = (err, value) => {
      clearTimeout(timer);
      sock.end();
      if (err) reject(err);
      else resolve(value);
    };
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

let schema;
const ensureSchema = () => (schema ??= pgQuery('CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, text text NOT NULL)').catch((e) => {
  schema = undefined;
  throw e;
}));

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const server = http.createServer(async (req, res) => {
  try {
    if (req.url === '/health') {
      const [[one]] = await pgQuery('SELECT 1');
      const pong = await redis('PING');
      return send(res, 200, { postgres: one === '1', redis: pong === 'PONG' });
    }
    if (req.url === '/notes' && req.method === 'POST') {
      let body = '';
      for await (const c of req) body += c;
      const text = String(JSON.parse(body || '{}').text ?? '').slice(0, 200);
      await ensureSchema();
      const [[id]] = await pgQuery(`INSERT INTO notes (text) VALUES ('${text.replace(/'/g, "''")}') RETURNING id`);
      const count = await redis('INCR', 'notes:written');
      return send(res, 201, { id: Number(id), written: count });
    }
    if (req.url === '/notes') {
      await ensureSchema();
      const rows = await pgQuery('SELECT id, text FROM notes ORDER BY id');
      return send(res, 200, { notes: rows.map(([id, text]) => ({ id: Number(id), text })), written: Number((await redis('GET', 'notes:written')) ?? 0) });
    }
    send(res, 404, { error: 'not found' });
  } catch (e) {
    send(res, 503, { error: String(e.message || e) });
  }
});
// The healthcheck is busybox nc, which half-closes after sending its request: answer it anyway.
server.httpAllowHalfOpen = true;
server.listen(3000, () => console.log('api listening on :3000'));

process.on('SIGTERM', () => process.exit(0));
