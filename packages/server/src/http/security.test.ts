import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/dialects.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

/** Every authenticated route rejects missing or bad keys, and never shows one tenant another's data. */
describe.each(testDialects())('auth and tenant isolation on %s', (dialect) => {
  let s: TestServer;
  let acme: { id: string; key: string };
  let globex: { id: string; key: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestServer(dialect);
    acme = await s.tenant('acme');
    globex = await s.tenant('globex');
    const session = await s.request('POST', '/v1/sessions', { key: acme.key, body: { auto_pair: true } });
    ids.session = session.body.id;
    const msg = await s.request('POST', `/v1/sessions/${ids.session}/messages`, {
      key: acme.key,
      body: { type: 'text', to: '+14155550000', text: 'hi' },
    });
    ids.message = msg.body.id;
    const hook = await s.request('POST', '/v1/webhooks', {
      key: acme.key,
      body: { url: 'http://127.0.0.1:9/x' },
    });
    ids.webhook = hook.body.id;
    const key = await s.request('POST', '/v1/api-keys', { key: acme.key, body: { name: 'second' } });
    ids.apiKey = key.body.id;
  });
  afterAll(() => s.close());

  const routes = (): Array<[string, string, unknown?]> => [
    ['GET', '/v1/me'],
    ['GET', '/v1/sessions'],
    ['POST', '/v1/sessions', {}],
    ['GET', `/v1/sessions/${ids.session}`],
    ['GET', `/v1/sessions/${ids.session}/qr`],
    ['GET', `/v1/sessions/${ids.session}/qr.png`],
    ['POST', `/v1/sessions/${ids.session}/stop`],
    ['POST', `/v1/sessions/${ids.session}/messages`, { type: 'text', to: '+14155550000', text: 'x' }],
    ['GET', `/v1/sessions/${ids.session}/messages`],
    ['GET', `/v1/messages/${ids.message}`],
    ['GET', '/v1/events'],
    ['GET', '/v1/webhooks'],
    ['GET', `/v1/webhooks/${ids.webhook}`],
    ['GET', `/v1/webhooks/${ids.webhook}/deliveries`],
    ['GET', '/v1/api-keys'],
    ['DELETE', `/v1/api-keys/${ids.apiKey}`],
    ['GET', '/v1/tenants'],
  ];

  it('rejects requests without a key, with a malformed key, or with an unknown key (401, coded)', async () => {
    for (const [method, url, body] of routes()) {
      for (const key of [null, 'nope', 'wagw_live_0000000000000000000000000000000000000']) {
        const res = await s.request(method as 'GET', url, { key, body });
        expect(res.status, `${method} ${url} with ${key}`).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHENTICATED');
        expect(res.headers['request-id']).toBe(res.body.error.request_id);
      }
    }
    const bearerless = await s.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { authorization: acme.key },
    });
    expect(bearerless.statusCode).toBe(401);
  });

  it("answers 404 (never 403) for another tenant's ids", async () => {
    const foreign = routes().filter(([, url]) => Object.values(ids).some((id) => url.includes(id)));
    expect(foreign.length).toBeGreaterThan(8);
    for (const [method, url, body] of foreign) {
      const res = await s.request(method as 'GET', url, { key: globex.key, body });
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body.error.code).toMatch(/_NOT_FOUND$/);
    }
    const list = await s.request('GET', '/v1/sessions', { key: globex.key });
    expect(list.body.data).toEqual([]);
    const events = await s.request('GET', '/v1/events', { key: globex.key });
    expect(events.body.data).toEqual([]);
    const after = await s.request('GET', '/v1/events?after=evt_doesnotexist', { key: globex.key });
    expect(after.body.error.code).toBe('EVENT_NOT_FOUND');
  });

  it('a revoked key stops working; only the admin manages tenants', async () => {
    const created = await s.request('POST', '/v1/api-keys', { key: globex.key, body: { name: 'temp' } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^wagw_live_/);
    expect((await s.request('GET', '/v1/me', { key: created.body.key })).status).toBe(200);
    const listed = await s.request('GET', '/v1/api-keys', { key: globex.key });
    expect(listed.body.data.every((k: Record<string, unknown>) => !('key' in k) && !('hash' in k))).toBe(
      true,
    );
    const revoked = await s.request('DELETE', `/v1/api-keys/${created.body.id}`, { key: globex.key });
    expect(revoked.body.revoked_at).not.toBeNull();
    const after = await s.request('GET', '/v1/me', { key: created.body.key });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/revoked/);

    const forbidden = await s.request('POST', '/v1/tenants', { key: globex.key, body: { name: 'x' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    const foreignKey = await s.request('POST', '/v1/api-keys', {
      key: globex.key,
      body: { name: 'x', tenant_id: acme.id },
    });
    expect(foreignKey.status).toBe(404);
  });

  it('health, readiness, docs and the OpenAPI document need no key', async () => {
    for (const url of ['/healthz', '/readyz', '/openapi.json', '/docs']) {
      const res = await s.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(400);
      expect(res.headers['request-id']).toMatch(/^req_/);
    }
  });
});
