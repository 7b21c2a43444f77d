// A mock Zoom for connected users (user-level OAuth), for `bench/run.sh faults`. node:http only.
//
// What the broker calls: GET /oauth/authorize (the browser: answers 302 to redirect_uri with a code), POST /oauth/token
// (authorization_code with PKCE S256, refresh_token, account_credentials), GET /v2/users/me, GET /v2/users/{id}/token,
// POST /oauth/revoke. Refresh tokens ROTATE as at Zoom: each refresh returns a new refresh token, and the old one is
// refused afterwards with 400 {"reason":"Invalid Token!","error":"invalid_grant"}. A valid refresh token is never
// refused. Access tokens expire after EXPIRES_IN seconds and are refused after that (401, code 124).
//
// Every path may start with /i/<instance>/ (each broker process gets its own), so that every refresh is known by the
// process that sent it. Every refresh is logged as one JSON line in LOG: the old and new token's hash (never a token),
// time, instance, and whether the answer was delivered; a rotated refresh token presented again is counted as "used
// twice" with the rotation it was rotated by. GET /_stats gives the counters; GET /_dump the rotations refused.
//
// Environment: PORT (default 18097), LOG (default ./zoom-oauth.log), EXPIRES_IN (seconds, default 5),
// TOKEN_LATENCY_MS (added to every token-endpoint answer, default 0), CLIENT_ID, CLIENT_SECRET (the Basic header it
// requires), SCOPES (granted, default "user:read:token user:read:user"), ACCOUNTS (accounts the users spread over).
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';

const PORT = Number(process.env.PORT || 18097);
const EXPIRES_IN = Number(process.env.EXPIRES_IN || 5);
const LATENCY = Number(process.env.TOKEN_LATENCY_MS || 0);
const CLIENT = `${process.env.CLIENT_ID || 'bench-user-client'}:${process.env.CLIENT_SECRET || 'bench-user-secret'}`;
const SCOPES = process.env.SCOPES || 'user:read:token user:read:user';
const ACCOUNTS = Number(process.env.ACCOUNTS || 20);
const log = createWriteStream(process.env.LOG || 'zoom-oauth.log', { flags: 'a' });

const hash = (token) => createHash('sha256').update(token).digest('hex').slice(0, 12);
const token = (prefix) => `${prefix}-${randomBytes(24).toString('base64url')}`;
const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');

const codes = new Map(); // code -> {challenge, redirectUri, user}
const grants = new Map(); // user -> {refresh, access}: the current tokens of each user's grant
// refresh token -> {user, issuedBy (the rotation that issued it), rotation (the one that rotated it away)}
const refreshTokens = new Map();
const accessTokens = new Map(); // access token -> {user, expires, rotation}
const stats = {
  codeExchanges: 0, refreshes: 0, refreshAnswersLost: 0, usedTwice: 0, usedTwicePresentations: 0, unknownRefreshTokens: 0,
  revoked: 0, userTokens: 0, usersMe: 0, expiredAccessTokens: 0, unknownAccessTokens: 0, badClient: 0,
};
const usedTwice = []; // one entry per rotated refresh token presented again

function issue(user, rotation) {
  const refresh = token('r');
  const access = token('a');
  const expires = Date.now() + EXPIRES_IN * 1000;
  refreshTokens.set(refresh, { user, issuedBy: rotation, rotation: null });
  accessTokens.set(access, { user, expires, rotation });
  grants.set(user, { refresh, access });
  return { refresh, access, body: { access_token: access, token_type: 'bearer', refresh_token: refresh,
    expires_in: EXPIRES_IN, scope: SCOPES, api_url: `http://127.0.0.1:${PORT}` } };
}

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'x-zm-trackingid': 'faults-mock', ...headers });
  res.end(text);
}

const invalidGrant = { reason: 'Invalid Token!', error: 'invalid_grant' };

function basicOk(req) {
  const auth = req.headers.authorization || '';
  return auth.startsWith('Basic ') && Buffer.from(auth.slice(6), 'base64').toString() === CLIENT;
}

function bearer(req) {
  const auth = req.headers.authorization || '';
  if (!auth.startsWith('Bearer ')) return { error: 'no bearer' };
  const found = accessTokens.get(auth.slice(7));
  if (!found) { stats.unknownAccessTokens++; return { error: 'unknown' }; }
  if (found.expires < Date.now()) { stats.expiredAccessTokens++; return { error: 'expired' }; }
  if (found.rotation) found.rotation.accessUsed = true;
  return { user: found.user };
}

function tokenEndpoint(req, res, form, instance) {
  if (!basicOk(req)) { stats.badClient++; return send(res, 401, { reason: 'Invalid client_id or client_secret', error: 'invalid_client' }); }
  const grant = form.get('grant_type');
  if (grant === 'account_credentials') {
    return send(res, 200, { access_token: token('s2s'), token_type: 'bearer', expires_in: 3600, scope: 'user:read:token:admin' });
  }
  if (grant === 'authorization_code') {
    const code = codes.get(form.get('code'));
    codes.delete(form.get('code'));
    if (!code) return send(res, 400, { reason: 'Invalid authorization code', error: 'invalid_request' });
    if (code.redirectUri !== form.get('redirect_uri')) return send(res, 400, { reason: 'Redirect URI mismatch', error: 'invalid_request' });
    if (s256(form.get('code_verifier') || '') !== code.challenge) return send(res, 400, { reason: 'Invalid code_verifier', error: 'invalid_request' });
    stats.codeExchanges++;
    const issued = issue(code.user, null);
    return setTimeout(() => send(res, 200, issued.body), LATENCY);
  }
  if (grant !== 'refresh_token') return send(res, 400, { reason: 'Unsupported grant type', error: 'unsupported_grant_type' });
  const presented = form.get('refresh_token') || '';
  const known = refreshTokens.get(presented);
  const at = Date.now();
  if (!known) {
    stats.unknownRefreshTokens++;
    log.write(`${JSON.stringify({ t: at, kind: 'unknown', instance, old: hash(presented) })}\n`);
    return send(res, 400, invalidGrant);
  }
  if (known.rotation) { // rotated already: Zoom refuses it, and so do we; counted once per token, and per use
    if (!known.presentedAgain) stats.usedTwice++;
    known.presentedAgain = true;
    stats.usedTwicePresentations++;
    const r = known.rotation;
    const entry = { t: at, kind: 'used_twice', instance, user: known.user, old: hash(presented),
      rotatedAt: r.t, rotatedBy: r.instance, rotationDelivered: r.delivered, newAccessUsed: !!r.accessUsed,
      newRefreshUsed: !!r.refreshUsed };
    usedTwice.push(entry);
    log.write(`${JSON.stringify(entry)}\n`);
    return send(res, 400, invalidGrant);
  }
  // The current refresh token: rotate at once (as Zoom does when it takes the request), answer after the latency.
  stats.refreshes++;
  const rotation = { t: at, instance, user: known.user, delivered: null, accessUsed: false, refreshUsed: false };
  if (known.issuedBy) known.issuedBy.refreshUsed = true;
  known.rotation = rotation;
  const issued = issue(known.user, rotation);
  rotation.new = hash(issued.refresh);
  let closed = false;
  res.on('close', () => {
    if (rotation.delivered === null) {
      rotation.delivered = false;
      stats.refreshAnswersLost++;
      log.write(`${JSON.stringify({ t: Date.now(), kind: 'answer_lost', instance, user: known.user, old: hash(presented), new: rotation.new })}\n`);
    }
    closed = true;
  });
  setTimeout(() => {
    if (closed) return;
    send(res, 200, issued.body);
    rotation.delivered = true;
    log.write(`${JSON.stringify({ t: at, answered: Date.now(), kind: 'rotated', instance, user: known.user, old: hash(presented), new: rotation.new })}\n`);
  }, LATENCY);
}

function route(req, res, body) {
  const url = new URL(req.url, `http://127.0.0.1:${PORT}`);
  let path = url.pathname;
  let instance = '-';
  const prefixed = path.match(/^\/i\/([A-Za-z0-9_-]+)(\/.*)$/);
  if (prefixed) { instance = prefixed[1]; path = prefixed[2]; }

  if (req.method === 'GET' && path === '/_stats') return send(res, 200, { ...stats, connections: grants.size });
  if (req.method === 'GET' && path === '/_dump') return send(res, 200, { usedTwice });
  if (req.method === 'GET' && path === '/oauth/authorize') {
    // The browser at Zoom's consent page: the person signs in as ?zoom_user= (the bench names them) and approves.
    const q = url.searchParams;
    if (q.get('response_type') !== 'code' || !q.get('redirect_uri') || q.get('code_challenge_method') !== 'S256') {
      return send(res, 400, { errorCode: 4700, errorMessage: 'Invalid request' });
    }
    const user = q.get('zoom_user') || `zu-${randomBytes(6).toString('hex')}`;
    const code = token('code');
    codes.set(code, { challenge: q.get('code_challenge'), redirectUri: q.get('redirect_uri'), user });
    const location = new URL(q.get('redirect_uri'));
    location.searchParams.set('code', code);
    location.searchParams.set('state', q.get('state') || '');
    res.writeHead(302, { location: location.toString() });
    return res.end();
  }
  if (req.method === 'POST' && path === '/oauth/token') {
    const form = new URLSearchParams(body);
    for (const [k, v] of url.searchParams) if (!form.has(k)) form.set(k, v);
    return tokenEndpoint(req, res, form, instance);
  }
  if (req.method === 'POST' && path === '/oauth/revoke') {
    if (!basicOk(req)) return send(res, 401, { reason: 'Invalid client', error: 'invalid_client' });
    stats.revoked++;
    return send(res, 200, { status: 'success' });
  }
  if (req.method === 'GET' && path === '/v2/users/me') {
    const who = bearer(req);
    if (who.error) return send(res, 401, { code: 124, message: 'Invalid access token.' });
    stats.usersMe++;
    const n = Number((who.user.match(/(\d+)$/) || [0, 0])[1]);
    return send(res, 200, { id: who.user, account_id: `acct-${n % ACCOUNTS}`, email: `${who.user}@example.com` });
  }
  const userToken = path.match(/^\/v2\/users\/([^/]+)\/token$/);
  if (req.method === 'GET' && userToken) {
    const who = bearer(req);
    if (who.error) return send(res, 401, { code: 124, message: 'Invalid access token.' });
    if (userToken[1] !== 'me' && userToken[1] !== who.user) return send(res, 400, { code: 300, message: 'Only me' });
    stats.userTokens++;
    return send(res, 200, { token: token(url.searchParams.get('type') || 'zak') });
  }
  return send(res, 404, { code: 404, message: 'not found' });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      route(req, res, Buffer.concat(chunks).toString());
    } catch (e) {
      send(res, 500, { message: String(e && e.message) });
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(PORT, '127.0.0.1', () => console.log(`zoom-oauth mock on 127.0.0.1:${PORT}, expires_in ${EXPIRES_IN}s`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => { log.end(); process.exit(0); });
