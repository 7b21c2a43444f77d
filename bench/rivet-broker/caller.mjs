// What both Node brokers share: the route, the caller check and the JSON answer. The caller JWT is verified with jose
// (RS256, issuer) on every request, then the same rule as the Java broker: admins may get anyone's token, others their own.
import { readFileSync } from 'node:fs';
import { importSPKI, jwtVerify } from 'jose';

const issuer = process.env.ISSUER;
const publicKey = await importSPKI(readFileSync(process.env.PUBLIC_KEY_FILE, 'utf8'), 'RS256');
const route = /^\/api\/v1\/users\/([^/?]+)\/token/;

export const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Answers 404, 401 or 403 itself and returns null, or returns the requested userId of an allowed caller. */
export async function allowedUserId(req, res) {
  const match = route.exec(req.url);
  if (!match) return send(res, 404, { status: 404 }), null;
  let payload;
  try {
    ({ payload } = await jwtVerify((req.headers.authorization || '').replace(/^Bearer /, ''), publicKey,
      { issuer, algorithms: ['RS256'] }));
  } catch {
    return send(res, 401, { status: 401 }), null;
  }
  const userId = decodeURIComponent(match[1]);
  const admin = (payload.groups || []).includes('zoom-token-admin');
  if (!admin && String(payload.upn || '').toLowerCase() !== userId.toLowerCase()) return send(res, 403, { status: 403 }), null;
  return userId;
}
