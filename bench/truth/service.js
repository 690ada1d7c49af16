// A service of `npm run bench:truth`, run by Stackpilot as a plain process and, in the node image,
// as a container. KIND: http (GET /health; slow while the file $CTRL/$NAME.slow exists; GET /oom
// allocates until the memory limit kills it), tcp (accepts), line (answers PING with PONG),
// none (only lives). Silent after start: a killed supervisor must not take it down through its pipes.
const http = require('node:http');
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');

const kind = process.env.KIND || 'none';
const port = Number(process.env.PORT || 0);
const slowFile = path.join(process.env.CTRL || '/nonexistent', `${process.env.NAME || 'svc'}.slow`);
const hog = [];

if (kind === 'http') {
  http
    .createServer((req, res) => {
      if (req.url === '/oom') {
        res.end('growing\n');
        // Touched pages (not only reserved): the cgroup's limit is reached and the kernel kills us.
        setInterval(() => hog.push(Buffer.alloc(16 * 1024 * 1024, 1)), 5);
        return;
      }
      const answer = () => res.end('ok\n');
      if (fs.existsSync(slowFile)) setTimeout(answer, 3000);
      else answer();
    })
    .listen(port, '127.0.0.1');
} else if (kind === 'tcp') {
  net.createServer((s) => s.on('error', () => undefined)).listen(port, '127.0.0.1');
} else if (kind === 'line') {
  net
    .createServer((s) => {
      s.on('error', () => undefined);
      s.on('data', (d) => {
        if (String(d).includes('PING')) s.end('PONG\n');
      });
    })
    .listen(port, '127.0.0.1');
} else {
  setInterval(() => undefined, 60_000);
}
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
