// A background worker: polls the api every 2 s and logs what it sees.
const url = process.env.API_URL || 'http://127.0.0.1:38080';
console.log('worker: started');
setInterval(async () => {
  try {
    const res = await fetch(url);
    console.log(`worker: ${(await res.text()).trim()}`);
  } catch (e) {
    console.error(`worker: api unreachable: ${e.message}`);
  }
}, 2000);
process.on('SIGTERM', () => process.exit(0));
