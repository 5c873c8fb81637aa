import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServer, sendError, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

describe('profiles', () => {
  it('calls each route with its method, path and body', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, { object: 'session_profile' }));
    const { profiles } = server.client();
    await profiles.get('ses_1');
    await profiles.update('ses_1', { name: 'Acme', about: '' });
    await profiles.setPicture('ses_1', 'med_1');
    await profiles.setPicture('ses_1', null);
    await profiles.setPresence('ses_1', 'unavailable');
    await profiles.contact('ses_1', '+447700900123');
    await profiles.subscribePresence('ses_1', '123@lid');
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'GET /v1/sessions/ses_1/profile ',
      'PATCH /v1/sessions/ses_1/profile {"name":"Acme","about":""}',
      'POST /v1/sessions/ses_1/profile/picture {"media_id":"med_1"}',
      'POST /v1/sessions/ses_1/profile/picture {"media_id":null}',
      'POST /v1/sessions/ses_1/presence {"presence":"unavailable"}',
      'GET /v1/sessions/ses_1/contacts/%2B447700900123/profile ',
      'POST /v1/sessions/ses_1/contacts/123%40lid/presence/subscribe {}',
    ]);
  });

  it('turns refusals into typed errors', async () => {
    server = await startFakeServer((_req, res) => sendError(res, 422, 'NOT_ON_WHATSAPP'));
    await expect(server.client().profiles.contact('ses_1', '+447700900003')).rejects.toMatchObject({
      status: 422,
      code: 'NOT_ON_WHATSAPP',
    });
  });
});
