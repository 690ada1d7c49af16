// A stand-in database/cache: a TCP server that answers PING with PONG after a start-up delay.
const net = require('node:net');
const name = process.env.NAME || 'store';
const port = Number(process.env.PORT || 0);
const delay = Number(process.env.READY_DELAY_MS || 0);
console.log(`${name}: starting (warming up ${delay} ms)`);
setTimeout(() => {
  const server = net.createServer((socket) => {
    socket.on('data', (d) => socket.write(/PING/i.test(String(d)) ? 'PONG\r\n' : 'OK\r\n'));
    socket.on('error', () => {});
  });
  server.listen(port, '127.0.0.1', () => console.log(`${name}: ready to accept connections on 127.0.0.1:${port}`));
  server.on('error', (e) => {
    console.error(`${name}: ${e.message}`);
    process.exit(1);
  });
}, delay);
process.on('SIGTERM', () => {
  console.log(`${name}: shutting down`);
  process.exit(0);
});
