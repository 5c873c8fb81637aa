import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type FakeHandler,
  type FakeServer,
  sendError,
  sendJson,
  startFakeServer,
} from '../testing/fake-server.js';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnprocessableEntityError,
  WagwError,
} from './errors.js';

let server: FakeServer;
async function serve(handler: FakeHandler) {
  server = await startFakeServer(handler);
  return server;
}
afterEach(() => server?.close());

const session = { id: 'ses_1', name: 'one', status: 'stopped' };

describe('error mapping', () => {
  it.each([
    [400, 'VALIDATION_FAILED', BadRequestError],
    [401, 'UNAUTHENTICATED', AuthenticationError],
    [403, 'FORBIDDEN', PermissionDeniedError],
    [404, 'SESSION_NOT_FOUND', NotFoundError],
    [409, 'SESSION_STATE_CONFLICT', ConflictError],
    [422, 'IDEMPOTENCY_KEY_REUSED', UnprocessableEntityError],
    [429, 'RATE_LIMITED', RateLimitError],
    [500, 'INTERNAL', InternalServerError],
    [503, 'NOT_READY', ServiceUnavailableError],
    [503, 'STORAGE_UNAVAILABLE', ServiceUnavailableError],
    [413, 'BODY_TOO_LARGE', APIError],
  ])('%i %s becomes %s', async (status, code, Class) => {
    await serve((_req, res) => sendError(res, status, code, { param: 'to', details: { max: 3 } }));
    const error = await server
      .client({ maxRetries: 0 })
      .sessions.get('ses_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Class);
    expect(Class.is(error)).toBe(true);
    expect(APIError.is(error) && WagwError.is(error)).toBe(true);
    const apiError = error as APIError;
    expect(apiError).toMatchObject({
      status,
      code,
      message: `${code} happened`,
      requestId: 'req_body',
      param: 'to',
      details: { max: 3 },
      name: Class.kind,
    });
    expect(apiError.headers.get('content-type')).toBe('application/json');
  });

  it('falls back to the Request-Id header and the status text for a non-wagw body', async () => {
    await serve((_req, res) => {
      res.writeHead(502, { 'request-id': 'req_proxy', 'content-type': 'text/html' });
      res.end('');
    });
    const error = (await server
      .client({ maxRetries: 0 })
      .me()
      .catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 502,
      code: null,
      requestId: 'req_proxy',
      param: null,
      details: null,
    });
    expect(error.message).toBe('502 Bad Gateway');
  });
});

describe('requests', () => {
  it('sends the API key, JSON body and user agent to baseUrl + /v1', async () => {
    await serve((_req, res) => sendJson(res, 201, session));
    const wagw = server.client({ headers: { 'X-Extra': 'yes' } });
    await expect(wagw.sessions.create({ name: 'one' })).resolves.toEqual(session);
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/v1/sessions', json: { name: 'one' } });
    expect(req!.headers).toMatchObject({
      authorization: 'Bearer wagw_test_key',
      'content-type': 'application/json',
      'x-extra': 'yes',
    });
    expect(req!.headers['user-agent']).toMatch(/^wagw-sdk-js\//);
  });

  it('keeps a path prefix of baseUrl and encodes path parameters', async () => {
    await serve((_req, res) => sendJson(res, 200, session));
    const wagw = server.client({ baseUrl: `${server.url}/gateway/` });
    await wagw.sessions.get('ses/../1');
    expect(server.requests[0]!.path).toBe('/gateway/v1/sessions/ses%2F..%2F1');
  });
});

describe('idempotency and retries', () => {
  it('puts a generated Idempotency-Key on every POST and none on GET', async () => {
    await serve((_req, res) => sendJson(res, 200, session));
    const wagw = server.client();
    await wagw.sessions.start('ses_1');
    await wagw.sessions.stop('ses_1');
    await wagw.sessions.get('ses_1');
    const [start, stop, get] = server.requests;
    expect(start!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(stop!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(start!.headers['idempotency-key']).not.toBe(stop!.headers['idempotency-key']);
    expect(get!.headers['idempotency-key']).toBeUndefined();
  });

  it('retries a 503 with the same Idempotency-Key and body, then succeeds', async () => {
    await serve((_req, res, i) =>
      i === 0 ? sendError(res, 503, 'NOT_READY') : sendJson(res, 202, { id: 'msg_1' }),
    );
    const message = await server
      .client()
      .messages.send(
        'ses_1',
        { type: 'text', to: '+15551234567', text: 'hi' },
        { idempotencyKey: 'order-42' },
      );
    expect(message).toEqual({ id: 'msg_1' });
    expect(server.requests).toHaveLength(2);
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['order-42', 'order-42']);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
  });

  it('keeps a generated key stable across retries', async () => {
    await serve((_req, res, i) =>
      i < 2 ? sendError(res, 500, 'INTERNAL', {}, { 'retry-after': '0' }) : sendJson(res, 200, session),
    );
    await server.client().sessions.restart('ses_1');
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
  });

  it('does not retry a 400', async () => {
    await serve((_req, res) => sendError(res, 400, 'INVALID_PHONE_NUMBER', { param: 'to' }));
    const error = await server
      .client()
      .messages.send('ses_1', { type: 'text', to: 'nope', text: 'hi' })
      .catch((e: unknown) => e);
    expect(BadRequestError.is(error)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('retries 409 IDEMPOTENCY_REQUEST_IN_PROGRESS but not other conflicts', async () => {
    await serve((_req, res, i) =>
      i === 0
        ? sendError(res, 409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS', {}, { 'retry-after': '0' })
        : i === 1
          ? sendJson(res, 200, session)
          : sendError(res, 409, 'SESSION_STATE_CONFLICT'),
    );
    const wagw = server.client();
    await expect(wagw.sessions.start('ses_1')).resolves.toEqual(session);
    await expect(wagw.sessions.start('ses_1')).rejects.toMatchObject({ code: 'SESSION_STATE_CONFLICT' });
    expect(server.requests).toHaveLength(3);
  });

  it('honours Retry-After on a 429', async () => {
    await serve((_req, res, i) =>
      i === 0 ? sendError(res, 429, 'RATE_LIMITED', {}, { 'retry-after': '1' }) : sendJson(res, 200, session),
    );
    const started = Date.now();
    await server.client().sessions.get('ses_1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it('waits for Retry-After on a 503 STORAGE_UNAVAILABLE before retrying (fake clock)', async () => {
    await serve((_req, res, i) =>
      i === 0
        ? sendError(res, 503, 'STORAGE_UNAVAILABLE', {}, { 'retry-after': '45' })
        : sendJson(res, 202, { id: 'msg_1' }),
    );
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      const sent = server
        .client({ timeoutMs: 120_000 })
        .messages.send('ses_1', { type: 'text', to: '+15551234567', text: 'hi' });
      // Until the 503 is read and the retry scheduled after Retry-After (setImmediate is not faked;
      // without the header's delay this never happens and the test times out).
      while (!timers.mock.calls.some(([, ms]) => ms === 45_000)) await new Promise(setImmediate);
      await vi.advanceTimersByTimeAsync(44_999);
      expect(server.requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await expect(sent).resolves.toEqual({ id: 'msg_1' });
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]!.headers['idempotency-key']).toBe(
        server.requests[0]!.headers['idempotency-key'],
      );
    } finally {
      timers.mockRestore();
      vi.useRealTimers();
    }
  }, 10_000);

  it('does not retry SECRET_NOT_REPLAYABLE and hands over the created id', async () => {
    await serve((_req, res) =>
      sendError(res, 409, 'SECRET_NOT_REPLAYABLE', { details: { id: 'key_1' } }, { 'retry-after': '0' }),
    );
    const error = await server
      .client()
      .apiKeys.create({ name: 'ci' }, { idempotencyKey: 'create-ci' })
      .catch((e: unknown) => e);
    expect(ConflictError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: 'SECRET_NOT_REPLAYABLE', details: { id: 'key_1' } });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    await serve((_req, res) => sendError(res, 503, 'NOT_READY', {}, { 'retry-after': '0' }));
    const error = await server
      .client({ maxRetries: 3 })
      .sessions.list()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'NOT_READY' });
    expect(server.requests).toHaveLength(4);
  });

  it('retries a dropped connection, then throws APIConnectionError', async () => {
    await serve((_req, res, i) => {
      if (i === 0) return sendJson(res, 200, session);
      res.socket?.destroy();
    });
    const wagw = server.client({ maxRetries: 1 });
    await wagw.me();
    const error = await wagw.me().catch((e: unknown) => e);
    expect(APIConnectionError.is(error)).toBe(true);
    expect(APITimeoutError.is(error)).toBe(false);
    expect(server.requests).toHaveLength(3);
  });

  it('times out each attempt after timeoutMs, including the body', async () => {
    await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":'); // never finishes
    });
    const error = await server
      .client({ timeoutMs: 100, maxRetries: 1 })
      .me()
      .catch((e: unknown) => e);
    expect(APITimeoutError.is(error)).toBe(true);
    expect(APIConnectionError.is(error)).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('stops at once, without retrying, when the caller aborts', async () => {
    const controller = new AbortController();
    // Never answers; the caller gives up once the request is in (not after a fixed delay, which a
    // busy machine can outlast before the request even arrives).
    await serve(() => controller.abort());
    const error = await server
      .client()
      .me({ signal: controller.signal })
      .catch((e: unknown) => e);
    expect(APIUserAbortError.is(error)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects an over-long idempotency key before sending', async () => {
    await serve((_req, res) => sendJson(res, 200, session));
    await expect(
      server.client().sessions.start('ses_1', { idempotencyKey: 'x'.repeat(256) }),
    ).rejects.toThrow(WagwError);
    expect(server.requests).toHaveLength(0);
  });
});
