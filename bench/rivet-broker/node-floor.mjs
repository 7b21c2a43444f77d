// A reference, not a product: the least a Node broker can do for the same request, without Zoom's SDK. The same caller
// check as server.mjs (caller.mjs), then node:http with a keep-alive agent and one access token fetched at start (no
// refresh, no retries, no error mapping). It shows how much of the peer's cost is Node itself and how much is the SDK.
import { createServer, request, Agent } from 'node:http';
import { allowedUserId, send } from './caller.mjs';

const mock = new URL(process.env.MOCK_URL);
const port = Number(process.env.PORT);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

const call = (method, path, headers) => new Promise((resolve, reject) => {
  const req = request({ host: mock.hostname, port: mock.port, method, path, headers, agent }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => { body += chunk; });
    res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`HTTP ${res.statusCode}`))));
  });
  req.on('error', reject);
  req.end();
});

const basic = Buffer.from('bench-client:bench-secret').toString('base64');
const { access_token: accessToken } = await call('POST', '/oauth/token?grant_type=account_credentials&account_id=bench-account',
  { authorization: `Basic ${basic}` });

createServer(async (req, res) => {
  const userId = await allowedUserId(req, res);
  if (userId === null) return;
  try {
    const zoom = await call('GET', `/v2/users/${encodeURIComponent(userId)}/token?type=zak`, { authorization: `Bearer ${accessToken}` });
    send(res, 200, { token: zoom.token, type: 'zak' });
  } catch {
    send(res, 502, { status: 502 });
  }
}).listen(port, '127.0.0.1');
