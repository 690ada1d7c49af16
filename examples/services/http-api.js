// The app's own server: GET /health answers 200 once its dependencies answer, 503 otherwise.
const http = require('node:http');
const net = require('node:net');
const port = Number(process.env.PORT || 38080);
const deps = { db: Number(process.env.DB_PORT), cache: Number(process.env.CACHE_PORT) };

function ping(p) {
  return new Promise((resolve) => {
    if (!p) return resolve(true);
    const s = net.connect(p, '127.0.0.1', () => { s.end(); resolve(true); });
    s.on('error', () => resolve(false));
    s.setTimeout(500, () => { s.destroy(); resolve(false); });
  });
}

let requests = 0;
const server = http.createServer(async (req, res) => {
  requests++;
  if (req.url === '/health') {
    const checks = Object.fromEntries(await Promise.all(Object.entries(deps).map(async ([k, p]) => [k, await ping(p)])));
    const ok = Object.values(checks).every(Boolean);
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ ok, checks }));
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`example-shop api: ${requests} requests served\n`);
});
server.listen(port, '127.0.0.1', () => console.log(`api: listening on http://127.0.0.1:${port}`));
server.on('error', (e) => {
  console.error(`api: ${e.message}`);
  process.exit(1);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
