import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/error-codes.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

/** Malformed input of every kind gets a coded 4xx in the one error shape, never a 500. */
describe('input errors', () => {
  let s: TestServer;
  let session: string;

  beforeAll(async () => {
    s = await startTestServer('sqlite', { bodyLimitBytes: 4096 });
    session = (await s.request('POST', '/v1/sessions', { body: { start: false } })).body.id;
  });
  afterAll(() => s.close());

  const raw = (payload: string, contentType = 'application/json', url = `/v1/sessions/${session}/messages`) =>
    s.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': contentType },
      payload,
    });

  it.each([
    ['malformed JSON', () => raw('{"type":'), 400, 'INVALID_JSON'],
    ['empty JSON body', () => raw(''), 400, 'INVALID_JSON'],
    [
      'wrong content type',
      () => raw('type=text', 'application/x-www-form-urlencoded'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'oversized body',
      () => raw(JSON.stringify({ type: 'text', to: '+14155550000', text: 'x'.repeat(10_000) })),
      413,
      'BODY_TOO_LARGE',
    ],
    [
      'unknown field',
      () => raw(JSON.stringify({ type: 'text', to: '+14155550000', text: 'x', extra: 1 })),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'missing field',
      () => raw(JSON.stringify({ type: 'text', to: '+14155550000' })),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'unsupported type',
      () => raw(JSON.stringify({ type: 'image', to: '+14155550000', text: 'x' })),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'bad phone number',
      () => raw(JSON.stringify({ type: 'text', to: 'call me', text: 'x' })),
      400,
      'INVALID_PHONE_NUMBER',
    ],
    ['array body', () => raw('[1,2]'), 400, 'VALIDATION_FAILED'],
    [
      'unknown session',
      () =>
        raw(
          JSON.stringify({ type: 'text', to: '+14155550000', text: 'x' }),
          'application/json',
          '/v1/sessions/ses_nope/messages',
        ),
      404,
      'SESSION_NOT_FOUND',
    ],
  ])('%s → %i %s', async (_name, send, status, code) => {
    const res = await send();
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toEqual(expect.any(String));
    expect(body.error.request_id).toBe(res.headers['request-id']);
    expect(ERROR_CODES[code as keyof typeof ERROR_CODES].status).toBe(status);
  });

  it('names the offending field', async () => {
    const res = await raw(JSON.stringify({ type: 'text', to: '+14155550000', text: 'x', extra: 1 }));
    expect(res.json().error.param).toBe('extra');
    const phone = await raw(JSON.stringify({ type: 'text', to: 'abc', text: 'x' }));
    expect(phone.json().error.param).toBe('to');
  });

  it('unknown ids, routes and query values are coded 4xx', async () => {
    expect((await s.request('GET', '/v1/messages/msg_nope')).body.error.code).toBe('MESSAGE_NOT_FOUND');
    expect((await s.request('GET', '/v1/webhooks/whk_nope')).body.error.code).toBe('WEBHOOK_NOT_FOUND');
    expect((await s.request('GET', '/v1/tenants/ten_nope')).body.error.code).toBe('TENANT_NOT_FOUND');
    expect((await s.request('DELETE', '/v1/api-keys/key_nope')).body.error.code).toBe('API_KEY_NOT_FOUND');
    const route = await s.request('GET', '/v1/nothing-here');
    expect([route.status, route.body.error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    const limit = await s.request('GET', '/v1/sessions?limit=1000');
    expect([limit.status, limit.body.error.code, limit.body.error.param]).toEqual([
      400,
      'VALIDATION_FAILED',
      'limit',
    ]);
    const engine = await s.request('POST', '/v1/sessions', { body: { engine: 'nokia' } });
    expect([engine.status, engine.body.error.param]).toEqual([400, 'engine']);
  });

  it('survives a barrage of random bodies with 4xx only (never 5xx)', async () => {
    const samples: unknown[] = [
      null,
      0,
      'x',
      [],
      {},
      { type: null },
      { type: 'text', to: 5, text: [] },
      { to: '+1'.repeat(100) },
      { type: 'text', to: '+14155550000', text: '' },
      { ['__proto__']: { polluted: true } },
    ];
    for (let i = 0; i < 50; i++) {
      samples.push(
        Object.fromEntries(Array.from({ length: i % 5 }, (_, j) => [`k${j}`, Math.random() > 0.5 ? 'v' : j])),
      );
    }
    for (const body of samples) {
      const res = await raw(JSON.stringify(body));
      expect(res.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, JSON.stringify(body)).toBeLessThan(500);
    }
  });
});
