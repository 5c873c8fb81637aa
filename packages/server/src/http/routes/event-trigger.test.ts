import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../domain/types.js';
import { testDialects } from '../../testing/dialects.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

/** POST /v1/event-types/{type}/trigger: a realistic event through the normal pipeline. */
describe.each(testDialects())('event trigger on %s', (dialect) => {
  let s: TestServer;
  let acme: { id: string; key: string };
  let session: string;

  beforeAll(async () => {
    // Every recorded event is checked against the catalog's schema in tests (validateEvents).
    s = await startTestServer(dialect);
    acme = await s.tenant('acme');
    session = (await s.request('POST', '/v1/sessions', { key: acme.key, body: { start: false } })).body.id;
  });
  afterAll(() => s.close());

  const trigger = (type: string, body: Record<string, unknown> = {}, key = acme.key) =>
    s.request('POST', `/v1/event-types/${type}/trigger`, { key, body });

  it('every catalog type can be triggered: recorded for the tenant, valid against its schema, listed', async () => {
    for (const type of EVENT_TYPES) {
      const body = type.startsWith('webhook.') ? {} : { session_id: session };
      const res = await trigger(type, body);
      expect(res.status, type).toBe(201);
      expect(res.body).toMatchObject({ type, session_id: type.startsWith('webhook.') ? null : session });
      const listed = await s.request('GET', `/v1/events?type=${type}&limit=100`, { key: acme.key });
      expect(
        listed.body.data.map((e: { id: string }) => e.id),
        type,
      ).toContain(res.body.id);
    }
    const received = await trigger('message.received', { session_id: session });
    expect(received.body.data).toMatchObject({ session_id: session, direction: 'inbound' });
    expect(received.body.data.id).toMatch(/^msg_/);
    expect(Date.now() - Date.parse(received.body.data.created_at)).toBeLessThan(60_000);
  });

  it('coded errors: unknown type, a session event without a session, a foreign session, a key without the scope', async () => {
    const unknown = await trigger('message.exploded', { session_id: session });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'EVENT_TYPE_NOT_FOUND']);
    const noSession = await trigger('message.sent');
    expect(noSession.body.error).toMatchObject({ code: 'VALIDATION_FAILED', param: 'session_id' });
    const globex = await s.tenant('globex');
    const foreign = await trigger('message.sent', { session_id: session }, globex.key);
    expect(foreign.body.error.code).toBe('SESSION_NOT_FOUND');
    const readOnly = await s.request('POST', '/v1/api-keys', {
      key: acme.key,
      body: { name: 'ro', scopes: ['events:read'] },
    });
    const refused = await trigger('message.sent', { session_id: session }, readOnly.body.key);
    expect(refused.body.error.code).toBe('INSUFFICIENT_SCOPE');
  });
});
