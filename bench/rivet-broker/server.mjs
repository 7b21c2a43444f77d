// The peer broker: the same job as zoom-user-token's broker, done the way a Node team would with Zoom's SDK.
// Verifies the caller JWT (RS256, issuer, admin group) with jose, then calls users.getUsersToken through
// @zoom/rivet's Server-to-Server client. Rivet's OAuth host is fixed (https://zoom.us), so an axios interceptor
// sends its token requests to the mock instead; everything else is Rivet's own behaviour.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import axios from 'axios';
import { importSPKI, jwtVerify } from 'jose';
import { UsersS2SAuthClient } from '@zoom/rivet/users';

const mock = process.env.MOCK_URL;
const port = Number(process.env.PORT);
const issuer = process.env.ISSUER;
const publicKey = await importSPKI(readFileSync(process.env.PUBLIC_KEY_FILE, 'utf8'), 'RS256');

axios.interceptors.request.use((config) => {
  if (config.url && config.url.startsWith('https://zoom.us/oauth/')) {
    config.url = config.url.replace('https://zoom.us', mock);
  }
  return config;
});

const zoom = new UsersS2SAuthClient({
  clientId: 'bench-client', clientSecret: 'bench-secret', accountId: 'bench-account',
  baseUrl: `${mock}/v2`, disableReceiver: true,
});

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

createServer(async (req, res) => {
  const match = /^\/api\/v1\/users\/([^/?]+)\/token/.exec(req.url);
  if (!match) return send(res, 404, { status: 404 });
  const auth = req.headers.authorization || '';
  try {
    const { payload } = await jwtVerify(auth.replace(/^Bearer /, ''), publicKey, { issuer, algorithms: ['RS256'] });
    const userId = decodeURIComponent(match[1]);
    const admin = (payload.groups || []).includes('zoom-token-admin');
    if (!admin && String(payload.upn || '').toLowerCase() !== userId.toLowerCase()) return send(res, 403, { status: 403 });
    const response = await zoom.endpoints.users.getUsersToken({ path: { userId }, query: { type: 'zak' } });
    return send(res, 200, { token: response.data.token, type: 'zak' });
  } catch (error) {
    const status = error?.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || error?.code?.startsWith?.('ERR_JWT') ? 401 : 502;
    return send(res, status, { status });
  }
}).listen(port, '127.0.0.1');
