import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { openSseConnection } from '../../testing/sse-client.js';
import { eventually, startTestServer, type TestServer } from '../../testing/test-server.js';

describe.each(testDialects())('API request logs on %s', (dialect) => {
  let s: TestServer;
  let key: string;
  let keyId: string;

  beforeAll(async () => {
    s = await startTestServer(dialect, {
      streams: { pollIntervalMs: 100 },
      requestLogs: { flushIntervalMs: 20 },
    });
    key = (await s.tenant('acme')).key;
    keyId = (await s.request('GET', '/v1/me', { key })).body.api_key.id;
  });
  afterAll(() => s.close());

  const logs = async (query = '', k = key) => {
    await s.gateway.requestLogs.flush();
    const res = await s.request('GET', `/v1/logs${query}`, { key: k });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { data: Record<string, unknown>[]; has_more: boolean };
  };

  it('records each authenticated request: method, route, path, status, duration, key, request id, error code', async () => {
    const ok = await s.request('GET', '/v1/sessions?limit=5', { key });
    const missing = await s.request('GET', '/v1/sessions/ses_nope', { key });
    const invalid = await s.request('POST', '/v1/sessions', { key, body: { bogus: 1 } });
    await s.request('GET', '/v1/sessions', { key: null });
    const { data } = await logs('?limit=3');
    expect(data.map((l) => [l.method, l.route, l.path, l.status, l.error_code])).toEqual([
      ['POST', '/v1/sessions', '/v1/sessions', 400, 'VALIDATION_FAILED'],
      ['GET', '/v1/sessions/:session_id', '/v1/sessions/ses_nope', 404, 'SESSION_NOT_FOUND'],
      ['GET', '/v1/sessions', '/v1/sessions', 200, null],
    ]);
    expect(data.map((l) => l.request_id)).toEqual([invalid, missing, ok].map((r) => r.headers['request-id']));
    for (const l of data) {
      expect(l.api_key_id).toBe(keyId);
      expect(l.mode).toBe('live');
      expect(l.id).toMatch(/^log_/);
      expect(Number.isInteger(l.duration_ms)).toBe(true);
      expect(Date.parse(String(l.created_at))).toBeGreaterThan(0);
    }
  });

  it('filters by status or class, path prefix or route template, and method; pages with starting_after', async () => {
    const statuses = (await logs('?status=4xx&limit=100')).data.map((l) => l.status);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((n) => Number(n) >= 400 && Number(n) < 500)).toBe(true);
    expect((await logs('?status=404')).data.every((l) => l.status === 404)).toBe(true);
    expect((await logs('?path=/v1/sessions/:session_id')).data.map((l) => l.path)).toContain(
      '/v1/sessions/ses_nope',
    );
    const byPrefix = (await logs('?path=/v1/sessions&limit=100')).data.map((l) => l.path);
    expect(byPrefix).toContain('/v1/sessions/ses_nope');
    expect(byPrefix.every((p) => String(p).startsWith('/v1/sessions'))).toBe(true);
    expect((await logs('?path=/v1/sess')).data).toEqual([]);
    expect((await logs('?method=post')).data.every((l) => l.method === 'POST')).toBe(true);

    const first = await logs('?limit=2');
    expect(first.has_more).toBe(true);
    const next = await logs(`?limit=2&starting_after=${first.data[1]!.id}`);
    const all = await logs('?limit=4');
    expect([...first.data, ...next.data].map((l) => l.id)).toEqual(all.data.map((l) => l.id));

    const bad = await s.request('GET', '/v1/logs?status=4x', { key });
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const unknown = await s.request('GET', '/v1/logs?starting_after=log_nope', { key });
    expect(unknown.body.error.code).toBe('REQUEST_LOG_NOT_FOUND');
  });

  it('keeps tenants and modes apart, and does not log the log routes themselves', async () => {
    const other = await s.tenant('other');
    await s.request('GET', '/v1/sessions', { key: other.key });
    const testKey = (await s.request('POST', '/v1/api-keys', { key, body: { name: 't', mode: 'test' } })).body
      .key;
    await s.request('GET', '/v1/webhooks', { key: testKey });
    const mine = (await logs('?limit=100')).data;
    expect(mine.some((l) => l.route === '/v1/logs')).toBe(false);
    expect(mine.every((l) => l.mode === 'live')).toBe(true);
    const theirs = (await logs('?limit=100', other.key)).data;
    expect(theirs.map((l) => l.path)).toEqual(['/v1/sessions']);
    const test = (await logs('', testKey)).data;
    expect(test.map((l) => [l.mode, l.path])).toEqual([['test', '/v1/webhooks']]);
  });

  it('needs logs:read', async () => {
    const scoped = (
      await s.request('POST', '/v1/api-keys', { key, body: { name: 'narrow', scopes: ['sessions:read'] } })
    ).body.key;
    const res = await s.request('GET', '/v1/logs', { key: scoped });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('INSUFFICIENT_SCOPE');
  });

  it('a failing write never fails a request, and the entries are written by a later flush', async () => {
    const repo = s.gateway.storage.requestLogs;
    const original = repo.insertMany.bind(repo);
    repo.insertMany = async () => {
      throw new Error('database down');
    };
    let res: Awaited<ReturnType<TestServer['request']>>;
    try {
      res = await s.request('GET', '/v1/sessions/ses_during_outage', { key });
      expect(res.status).toBe(404);
      await s.gateway.requestLogs.flush();
    } finally {
      repo.insertMany = original;
    }
    const { data } = await logs('?path=/v1/sessions/ses_during_outage');
    expect(data.map((l) => l.request_id)).toEqual([res.headers['request-id']]);
  });

  it('prunes entries older than the retention', async () => {
    await s.request('GET', '/v1/sessions', { key });
    await s.gateway.requestLogs.flush();
    expect(await s.gateway.requestLogs.prune(Date.now())).toBe(0);
    expect(await s.gateway.requestLogs.prune(Date.now() + 8 * 86_400_000)).toBeGreaterThan(0);
    expect((await logs()).data).toEqual([]);
  });

  it('GET /v1/logs/stream sends requests as they are logged, filtered, resumable', async () => {
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
    const auth = { authorization: `Bearer ${key}` };
    const all = await openSseConnection(`${base}/v1/logs/stream`, auth);
    const errors = await openSseConnection(`${base}/v1/logs/stream?status=4xx&method=GET`, auth);
    try {
      await s.request('GET', '/v1/sessions', { key });
      await s.request('GET', '/v1/sessions/ses_streamed', { key });
      await eventually(async () =>
        all.messages.length >= 2 && errors.messages.length >= 1 ? true : undefined,
      );
      expect(all.messages.map((m) => [m.event, JSON.parse(m.data).path])).toEqual([
        ['request', '/v1/sessions'],
        ['request', '/v1/sessions/ses_streamed'],
      ]);
      expect(errors.messages.map((m) => JSON.parse(m.data).status)).toEqual([404]);
      const listed = (await logs('?limit=2')).data.map((l) => l.id).reverse();
      expect(all.messages.map((m) => m.id)).toEqual(listed);
    } finally {
      all.close();
      errors.close();
    }
    const resumed = await openSseConnection(`${base}/v1/logs/stream`, {
      ...auth,
      'last-event-id': all.messages[0]!.id!,
    });
    try {
      await eventually(async () => (resumed.messages.length >= 1 ? true : undefined));
      expect(resumed.messages[0]!.id).toBe(all.messages[1]!.id);
    } finally {
      resumed.close();
    }
  });
});
