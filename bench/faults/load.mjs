// Token load for `bench/run.sh faults`: GET /api/v1/connections/{principal}/token (admin caller JWT) at a steady rate
// over the brokers in turn, each request for a random connection; node:http only.
//
//   node load.mjs load   BROKERS=18091,18093 RATE=100 JWT=... PRINCIPALS=file OUT=file   (until SIGTERM)
//   node load.mjs sweep  BROKERS=18091 JWT=... PRINCIPALS=file                           (each connection once)
//
// load: an open loop (requests go out at RATE per second whatever the answers take), every answer recorded as one
// line "<sent ms> <answered ms> <broker index> <principal index> <status> <problem type or error code>", status 0
// when no HTTP answer came (connection refused or reset, or no answer within TIMEOUT_MS). On SIGTERM it stops sending,
// waits for the answers still due (at most TIMEOUT_MS) and exits.
// sweep: one request per connection, sequentially: "<principal index> <status> <problem type>" per line.
import http from 'node:http';
import { readFileSync, createWriteStream } from 'node:fs';

const mode = process.argv[2] || 'load';
const ports = (process.env.BROKERS || '18091').split(',').map(Number);
const rate = Number(process.env.RATE || 100);
const timeoutMs = Number(process.env.TIMEOUT_MS || 20000);
const jwt = process.env.JWT;
const principals = readFileSync(process.env.PRINCIPALS, 'utf8').split('\n').filter(Boolean);
const agents = ports.map(() => new http.Agent({ keepAlive: true, maxSockets: 256 }));

function ask(broker, index) {
  return new Promise((resolve) => {
    let settled = false;
    const done = (status, type) => { if (!settled) { settled = true; resolve([status, type]); } };
    const req = http.get({
      host: '127.0.0.1', port: ports[broker], agent: agents[broker], timeout: timeoutMs,
      path: `/api/v1/connections/${encodeURIComponent(principals[index])}/token`,
      headers: { authorization: `Bearer ${jwt}` },
    }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        let type = '-';
        if (res.statusCode !== 200) {
          const match = Buffer.concat(chunks).toString().match(/"type":"[^"]*problem:([^"]+)"/);
          type = match ? match[1] : 'none';
        }
        done(res.statusCode, type);
      });
      res.on('error', (e) => done(0, e.code || 'error'));
    });
    req.on('timeout', () => { req.destroy(); done(0, 'timeout'); });
    req.on('error', (e) => done(0, e.code || 'error'));
  });
}

if (mode === 'sweep') {
  for (let i = 0; i < principals.length; i++) {
    const [status, type] = await ask(0, i);
    process.stdout.write(`${i} ${status} ${type}\n`);
  }
  process.exit(0);
}

const out = createWriteStream(process.env.OUT);
const start = Date.now();
let sent = 0;
let inFlight = 0;
let stopping = false;
let next = 0;

function fire() {
  const index = Math.floor(Math.random() * principals.length);
  const broker = next++ % ports.length;
  const at = Date.now();
  inFlight++;
  ask(broker, index).then(([status, type]) => {
    inFlight--;
    out.write(`${at} ${Date.now()} ${broker} ${index} ${status} ${type}\n`);
  });
}

const tick = setInterval(() => {
  const due = Math.floor((Date.now() - start) * rate / 1000) - sent;
  for (let i = 0; i < due; i++) fire();
  sent += Math.max(due, 0);
}, 5);

process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  clearInterval(tick);
  const deadline = Date.now() + timeoutMs + 1000;
  const wait = setInterval(() => {
    if (inFlight === 0 || Date.now() > deadline) {
      clearInterval(wait);
      out.end(() => process.exit(0));
    }
  }, 50);
});
