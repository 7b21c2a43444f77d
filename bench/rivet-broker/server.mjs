// The peer broker: the same job as zoom-user-token's broker, done the way a Node team would with Zoom's SDK.
// Verifies the caller JWT (caller.mjs), then calls users.getUsersToken through @zoom/rivet's Server-to-Server client.
// Rivet's OAuth host is fixed (https://zoom.us), so an axios interceptor sends its token requests to the mock instead;
// everything else is Rivet's own behaviour.
import { createServer } from 'node:http';
import axios from 'axios';
import { UsersS2SAuthClient } from '@zoom/rivet/users';
import { allowedUserId, send } from './caller.mjs';

const mock = process.env.MOCK_URL;
const port = Number(process.env.PORT);

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

createServer(async (req, res) => {
  const userId = await allowedUserId(req, res);
  if (userId === null) return;
  try {
    const response = await zoom.endpoints.users.getUsersToken({ path: { userId }, query: { type: 'zak' } });
    send(res, 200, { token: response.data.token, type: 'zak' });
  } catch {
    send(res, 502, { status: 502 });
  }
}).listen(port, '127.0.0.1');
