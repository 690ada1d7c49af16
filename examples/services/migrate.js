// A one-shot job: connects to the db, "applies" migrations, exits 0 (dependents wait for `completed`).
const net = require('node:net');
const port = Number(process.env.DB_PORT || 54329);
const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
socket.on('data', () => {
  for (const m of ['001_create_users', '002_create_orders']) console.log(`migrate: applied ${m}`);
  socket.end();
  process.exit(0);
});
socket.on('error', (e) => {
  console.error(`migrate: cannot reach db on ${port}: ${e.message}`);
  process.exit(1);
});
