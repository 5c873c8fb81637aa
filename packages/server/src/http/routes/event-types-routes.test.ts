import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../domain/types.js';
import { AppError } from '../../errors/app-error.js';
import { testDialects } from '../../testing/dialects.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { eventDataCheck } from '../schemas/event-data-check.js';

describe.each(testDialects())('the event catalog on %s', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(() => s.close());

  it('GET /v1/event-types lists every type with a description, a standalone schema and an example', async () => {
    const tenant = await s.tenant('catalog');
    const res = await s.request('GET', '/v1/event-types', { key: tenant.key });
    expect(res.status).toBe(200);
    expect(res.body.data.map((e: { type: string }) => e.type)).toEqual([...EVENT_TYPES]);
    const check = eventDataCheck();
    for (const entry of res.body.data) {
      expect(entry.description.length, entry.type).toBeGreaterThan(20);
      expect(JSON.stringify(entry.schema), entry.type).not.toContain('$ref');
      expect(entry.example).toMatchObject({ type: entry.type, id: expect.stringMatching(/^evt_/) });
      expect(() => check(entry.type, entry.example.data), entry.type).not.toThrow();
    }
    const disabled = res.body.data.find((e: { type: string }) => e.type === 'webhook.endpoint_disabled');
    expect(disabled.schema.required.sort()).toEqual(
      ['disabled_at', 'endpoint_id', 'failing_since', 'reason', 'url'].sort(),
    );
    expect(disabled.example.session_id).toBeNull();
  });

  it('GET /v1/event-types needs a key', async () => {
    const res = await s.request('GET', '/v1/event-types', { key: null });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('the OpenAPI document has a webhooks entry per type whose payload schema is a component', async () => {
    const spec = (await s.app.inject('/openapi.json')).json();
    expect(Object.keys(spec.webhooks)).toEqual([...EVENT_TYPES]);
    for (const type of EVENT_TYPES) {
      const body = spec.webhooks[type].post.requestBody.content['application/json'];
      const name = body.schema.$ref.replace('#/components/schemas/', '');
      const payload = spec.components.schemas[name];
      expect(payload.properties.type.enum ?? [payload.properties.type.const]).toEqual([type]);
      expect(body.example.type).toBe(type);
    }
    expect(spec.components.schemas.WebhookPayload.anyOf).toHaveLength(EVENT_TYPES.length);
  });

  it('an event whose data does not match its schema is refused with a coded error and not recorded', async () => {
    const tenant = await s.tenant('bad-events');
    const session = await s.request('POST', '/v1/sessions', {
      key: tenant.key,
      body: { name: 'bad', start: false },
    });
    const sessionId = session.body.id as string;
    const bad = { session_id: sessionId, status: 'connected', previous_status: 'teleported', reason: null };
    const attempt = s.gateway.storage.transaction((tx) =>
      s.gateway.events.record(
        tx,
        { tenantId: tenant.id, sessionId, type: 'session.status', data: bad },
        Date.now(),
      ),
    );
    await expect(attempt).rejects.toSatisfy(
      (e: unknown) =>
        AppError.is(e) && e.code === 'EVENT_SCHEMA_VIOLATION' && /previous_status/.test(e.message),
    );
    const events = await s.request('GET', `/v1/events?session_id=${sessionId}`, { key: tenant.key });
    expect(events.body.data).toEqual([]);
  });
});

describe('eventDataCheck', () => {
  const check = eventDataCheck();
  it('refuses a missing field, a wrong format and a field the catalog does not describe', () => {
    const ok = {
      endpoint_id: 'whk_1',
      url: 'https://example.com/h',
      reason: 'gone',
      failing_since: null,
      disabled_at: '2026-11-22T10:00:00.000Z',
    };
    expect(() => check('webhook.endpoint_disabled', ok)).not.toThrow();
    const { url: _url, ...missing } = ok;
    for (const data of [
      missing,
      { ...ok, disabled_at: 'today' },
      { ...ok, reason: 'bored' },
      { ...ok, extra: 1 },
    ]) {
      expect(() => check('webhook.endpoint_disabled', data)).toThrow(
        expect.objectContaining({ code: 'EVENT_SCHEMA_VIOLATION' }),
      );
    }
  });
});
