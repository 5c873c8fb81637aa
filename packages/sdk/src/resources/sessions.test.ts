import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServer, sendError, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);

describe('sessions', () => {
  it('calls each route with its method and path', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, { id: 'ses_1' }));
    const { sessions } = server.client();
    await sessions.create();
    await sessions.get('ses_1');
    await sessions.delete('ses_1');
    await sessions.start('ses_1');
    await sessions.stop('ses_1');
    await sessions.restart('ses_1');
    await sessions.logout('ses_1');
    await sessions.qr('ses_1');
    await sessions.sandboxScan('ses_1', { phone: '+15550001111' });
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'POST /v1/sessions {}',
      'GET /v1/sessions/ses_1 ',
      'DELETE /v1/sessions/ses_1 ',
      'POST /v1/sessions/ses_1/start {}',
      'POST /v1/sessions/ses_1/stop {}',
      'POST /v1/sessions/ses_1/restart {}',
      'POST /v1/sessions/ses_1/logout {}',
      'GET /v1/sessions/ses_1/qr ',
      'POST /v1/sessions/ses_1/sandbox/scan {"phone":"+15550001111"}',
    ]);
  });

  it('reads and sets the pace; a bad value is a typed error', async () => {
    server = await startFakeServer((req, res) =>
      req.method === 'PATCH' && req.path.includes('ses_bad')
        ? sendError(res, 400, 'VALIDATION_FAILED')
        : sendJson(res, 200, { object: 'session_pacing', session_id: 'ses_1', per_minute: 10 }),
    );
    const { sessions } = server.client();
    expect((await sessions.pacing('ses_1')).per_minute).toBe(10);
    await sessions.setPacing('ses_1', { per_minute: 10, new_chats_per_hour: null });
    await sessions.setPacing('ses_1', { reset: true });
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'GET /v1/sessions/ses_1/pacing ',
      'PATCH /v1/sessions/ses_1/pacing {"per_minute":10,"new_chats_per_hour":null}',
      'PATCH /v1/sessions/ses_1/pacing {"reset":true}',
    ]);
    await expect(sessions.setPacing('ses_bad', { per_minute: 0 })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('qrPng() returns the PNG bytes', async () => {
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(PNG);
    });
    const bytes = await server.client().sessions.qrPng('ses_1');
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([...PNG]);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/sessions/ses_1/qr.png' });
  });

  it('qrPng() turns a JSON error into a typed error', async () => {
    server = await startFakeServer((_req, res) => sendError(res, 409, 'QR_NOT_AVAILABLE'));
    await expect(server.client().sessions.qrPng('ses_1')).rejects.toMatchObject({
      status: 409,
      code: 'QR_NOT_AVAILABLE',
    });
  });
});

describe('other resources', () => {
  it('call their routes', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, { id: 'x_1' }));
    const wagw = server.client();
    await wagw.me();
    await wagw.webhooks.create({ url: 'https://example.com/hook', events: ['*'] });
    await wagw.webhooks.get('whk_1');
    await wagw.webhooks.update('whk_1', { enabled: false });
    await wagw.webhooks.delete('whk_1');
    await wagw.apiKeys.create({ name: 'ci', mode: 'test' });
    await wagw.apiKeys.revoke('key_1');
    await wagw.tenants.create({ name: 'acme' });
    await wagw.tenants.get('ten_1');
    await wagw.messages.get('msg_1');
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'GET /v1/me ',
      'POST /v1/webhooks {"url":"https://example.com/hook","events":["*"]}',
      'GET /v1/webhooks/whk_1 ',
      'PATCH /v1/webhooks/whk_1 {"enabled":false}',
      'DELETE /v1/webhooks/whk_1 ',
      'POST /v1/api-keys {"name":"ci","mode":"test"}',
      'DELETE /v1/api-keys/key_1 ',
      'POST /v1/tenants {"name":"acme"}',
      'GET /v1/tenants/ten_1 ',
      'GET /v1/messages/msg_1 ',
    ]);
  });
});
