import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServer, sendError, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

describe('channels', () => {
  it('calls each route with its method, path and body', async () => {
    server = await startFakeServer((req, res) =>
      req.path.endsWith('/channels') && req.method === 'GET'
        ? sendJson(res, 200, { data: [], has_more: false })
        : sendJson(res, 200, { object: 'channel', id: '1@newsletter' }),
    );
    const { channels } = server.client();
    await channels.list('ses_1');
    await channels.get('ses_1', 'https://whatsapp.com/channel/AbC');
    await channels.create('ses_1', { name: 'News' });
    await channels.follow('ses_1', '1@newsletter');
    await channels.unfollow('ses_1', '1@newsletter');
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'GET /v1/sessions/ses_1/channels ',
      'GET /v1/sessions/ses_1/channels/https%3A%2F%2Fwhatsapp.com%2Fchannel%2FAbC ',
      'POST /v1/sessions/ses_1/channels {"name":"News"}',
      'POST /v1/sessions/ses_1/channels/1%40newsletter/follow {}',
      'POST /v1/sessions/ses_1/channels/1%40newsletter/unfollow {}',
    ]);
  });

  it('turns refusals into typed errors', async () => {
    server = await startFakeServer((_req, res) => sendError(res, 404, 'CHANNEL_NOT_FOUND'));
    await expect(server.client().channels.get('ses_1', '1@newsletter')).rejects.toMatchObject({
      status: 404,
      code: 'CHANNEL_NOT_FOUND',
    });
  });
});
