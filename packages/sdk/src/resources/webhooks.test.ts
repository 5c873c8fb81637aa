import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../core/errors.js';
import { type FakeServer, sendError, sendJson, startFakeServer } from '../testing/fake-server.js';

let server: FakeServer;
afterEach(() => server?.close());

describe('webhooks operations', () => {
  it('rotateSecret, test, resend and recover POST to their paths with their bodies', async () => {
    server = await startFakeServer((req, res) => {
      if (req.path.endsWith('/rotate-secret'))
        return sendJson(res, 200, { id: 'whk_1', secret: 'whsec_new' });
      if (req.path.endsWith('/test'))
        return sendJson(res, 200, { event_id: 'evt_t', ok: false, status_code: 503 });
      if (req.path.endsWith('/resend')) return sendJson(res, 202, { id: 'whd_1', status: 'pending' });
      return sendJson(res, 202, { queued: 3 });
    });
    const wagw = server.client();
    expect((await wagw.webhooks.rotateSecret('whk_1', { overlap_seconds: 60 })).secret).toBe('whsec_new');
    await wagw.webhooks.rotateSecret('whk_1');
    expect(await wagw.webhooks.test('whk_1')).toMatchObject({ ok: false, status_code: 503 });
    expect((await wagw.webhooks.resend('whk_1', { event_id: 'evt_1' })).status).toBe('pending');
    expect(await wagw.webhooks.recover('whk_1', { since: '2026-12-01T00:00:00Z' })).toEqual({ queued: 3 });
    expect(server.requests.map((r) => [r.method, r.path, r.json])).toEqual([
      ['POST', '/v1/webhooks/whk_1/rotate-secret', { overlap_seconds: 60 }],
      ['POST', '/v1/webhooks/whk_1/rotate-secret', {}],
      ['POST', '/v1/webhooks/whk_1/test', {}],
      ['POST', '/v1/webhooks/whk_1/resend', { event_id: 'evt_1' }],
      ['POST', '/v1/webhooks/whk_1/recover', { since: '2026-12-01T00:00:00Z' }],
    ]);
  });

  it("an unknown event is a typed NotFoundError with the server's code", async () => {
    server = await startFakeServer((_req, res) => sendError(res, 404, 'EVENT_NOT_FOUND'));
    const error = await server
      .client()
      .webhooks.resend('whk_1', { event_id: 'evt_nope' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('EVENT_NOT_FOUND');
  });
});
