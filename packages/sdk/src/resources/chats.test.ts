import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../core/errors.js';
import { type FakeServer, sendError, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

describe('chats', () => {
  it('setPresence posts the state to the chat, its id encoded', async () => {
    server = await startFakeServer((req, res) =>
      sendJson(res, 200, { chat_id: '123@lid', state: (req.json as { state: string }).state }),
    );
    const presence = await server.client().chats.setPresence('ses_1', '123@lid', 'recording');
    expect(presence).toEqual({ chat_id: '123@lid', state: 'recording' });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/sessions/ses_1/chats/123%40lid/presence',
      json: { state: 'recording' },
    });
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('setPresence rejects with SESSION_NOT_CONNECTED when the session is offline', async () => {
    server = await startFakeServer((_req, res) => sendError(res, 409, 'SESSION_NOT_CONNECTED'));
    const error = await server
      .client()
      .chats.setPresence('ses_1', '+15551234567', 'typing')
      .catch((e: unknown) => e);
    expect(ConflictError.is(error)).toBe(true);
    expect(error).toMatchObject({ status: 409, code: 'SESSION_NOT_CONNECTED' });
    expect(server.requests).toHaveLength(1);
  });

  it('markRead posts to the read route', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, { id: '+15551234567', object: 'chat', unread_count: 0 }),
    );
    await server.client().chats.markRead('ses_1', '+15551234567');
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/sessions/ses_1/chats/%2B15551234567/read',
    });
  });
});
