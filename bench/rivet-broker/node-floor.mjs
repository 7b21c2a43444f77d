// A reference, not a product: the least a Node broker can do for the same request, without Zoom's SDK. node:http with a
// keep-alive agent, the caller JWT verified with jose exactly as server.mjs does, one access token fetched at start
// (no refresh, no retries, no error mapping). It shows how much of the peer's cost is Node itself and how much is the SDK.
import { createServer, request, Agent } from 'node:http';
import { readFileSync } from 'node:fs';
import { importSPKI, jwtVerify } from 'jose';

const mock = new URL(process.env.MOCK_URL);
const port = Number(process.env.PORT);
const issuer = process.env.ISSUER;
const publicKey = await importSPKI(readFileSync(process.env.PUBLIC_KEY_FILE, 'utf8'), 'RS256');
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

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

createServer(async (req, res) => {
  const match = /^\/api\/v1\/users\/([^/?]+)\/token/.exec(req.url);
  if (!match) return send(res, 404, { status: 404 });
  const auth = req.headers.authorization || '';
  let payload;
  try {
    ({ payload } = await jwtVerify(auth.replace(/^Bearer /, ''), publicKey, { issuer, algorithms: ['RS256'] }));
  } catch {
    return send(res, 401, { status: 401 });
  }
  const userId = decodeURIComponent(match[1]);
  const admin = (payload.groups || []).includes('zoom-token-admin');
  if (!admin && String(payload.upn || '').toLowerCase() !== userId.toLowerCase()) return send(res, 403, { status: 403 });
  try {
    const zoom = await call('GET', `/v2/users/${encodeURIComponent(userId)}/token?type=zak`, { authorization: `Bearer ${accessToken}` });
    return send(res, 200, { token: zoom.token, type: 'zak' });
  } catch {
    return send(res, 502, { status: 502 });
  }
}).listen(port, '127.0.0.1');
