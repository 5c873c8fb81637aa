import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { IDEMPOTENCY_RETENTION_MS } from '../storage/repositories/idempotency-repo.js';
import { testDialects } from '../testing/dialects.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

describe.each(testDialects())('Idempotency-Key on %s', (dialect) => {
  let s: TestServer;
  let tenantId: string;
  let session: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    tenantId = (await s.request('GET', '/v1/me')).body.tenant.id;
    session = (await s.request('POST', '/v1/sessions', { body: { start: false } })).body.id;
  });
  afterAll(() => s.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  const send = (key: string, text: string) =>
    s.request('POST', `/v1/sessions/${session}/messages`, {
      body: { type: 'text', to: '+14155550000', text },
      headers: { 'idempotency-key': key },
    });

  it('has one window for the HTTP record and the message: within 24 h a key is taken, after it the key is new', async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const first = await send('order-1', 'one');
    expect(first.status).toBe(202);
    const reused = await send('order-1', 'two');
    expect([reused.status, reused.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    // The HTTP record lost (a crash before it completed): the key on the message still answers.
    await s.gateway.storage.idempotency.delete(tenantId, 'order-1');
    vi.setSystemTime(start + 1000);
    expect((await send('order-1', 'one')).body.id).toBe(first.body.id);

    vi.setSystemTime(start + 1000 + IDEMPOTENCY_RETENTION_MS + 1);
    const later = await send('order-1', 'two');
    expect(later.status).toBe(202);
    expect(later.body.id).not.toBe(first.body.id);
    expect(later.body.text).toBe('two');
    const replay = await send('order-1', 'two');
    expect(replay.body.id).toBe(later.body.id);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await s.request('GET', `/v1/messages/${first.body.id}`)).body.text).toBe('one');
  });

  it('an HTTP record past the window counts as absent even before the sweep deletes it', async () => {
    const repo = s.gateway.storage.idempotency;
    const t0 = Date.now();
    expect(await repo.tryInsert(tenantId, 'sweep-1', 'fp-a', t0 + 60_000, t0)).toBe(true);
    await repo.complete(tenantId, 'sweep-1', 202, '{}');
    expect(
      await repo.tryInsert(tenantId, 'sweep-1', 'fp-b', t0 + 60_000, t0 + IDEMPOTENCY_RETENTION_MS),
    ).toBe(false);
    const later = t0 + IDEMPOTENCY_RETENTION_MS + 1;
    expect(await repo.tryInsert(tenantId, 'sweep-1', 'fp-b', later + 60_000, later)).toBe(true);
    expect(await repo.get(tenantId, 'sweep-1')).toMatchObject({
      fingerprint: 'fp-b',
      state: 'in_flight',
      response_body: null,
      created_at: later,
    });
  });

  it.each([
    ['/v1/api-keys', { name: 'ci' }, 'key', /^wagw_live_/],
    ['/v1/webhooks', { url: 'http://127.0.0.1:9/hook' }, 'secret', /^whsec_/],
  ] as const)(
    'POST %s: the shown-once secret is never stored, and a replay does not show it again',
    async (url, body, field, format) => {
      const key = `create-${field}`;
      const first = await s.request('POST', url, { body, headers: { 'idempotency-key': key } });
      expect(first.status).toBe(201);
      const secret: string = first.body[field];
      expect(secret).toMatch(format);

      const countAfterFirst = (await s.request('GET', url)).body.data.length;

      const record = await s.gateway.storage.idempotency.get(tenantId, key);
      expect(record).toMatchObject({ state: 'done', response_status: 201 });
      expect(record!.response_body).not.toContain(secret);
      expect(record!.response_body).not.toContain(secret.slice(-16));
      expect(JSON.parse(record!.response_body!)).toMatchObject({ id: first.body.id });

      const replay = await s.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${s.adminKey}`, 'idempotency-key': key },
        payload: body,
      });
      expect(replay.body).not.toContain(secret);
      expect(replay.statusCode).toBe(409);
      expect(replay.json().error).toMatchObject({
        code: 'SECRET_NOT_REPLAYABLE',
        details: { id: first.body.id },
        request_id: replay.headers['request-id'],
      });
      // Nothing was created twice.
      expect((await s.request('GET', url)).body.data.length).toBe(countAfterFirst);
    },
  );
});
