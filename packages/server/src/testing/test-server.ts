import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { ConfigInput } from '../config/config-schema.js';
import { createServer } from '../create-server.js';
import type { Gateway } from '../gateway.js';
import { type TestDialect, testDatabase } from './dialects.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response bodies.
type TestBody = any;

export interface TestServer {
  app: FastifyInstance;
  gateway: Gateway;
  adminKey: string;
  dataDir: string;
  config: ConfigInput;
  /** Creates a tenant with its own key, through the API. */
  tenant(name?: string): Promise<{ id: string; key: string }>;
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    options?: { key?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: TestBody; headers: Record<string, unknown> }>;
  /** A sandbox session of the admin tenant that pairs itself, once it is connected → its id. */
  connectedSession(): Promise<string>;
  close(): Promise<void>;
}

/** A server on a fresh database, driven through `inject()`. */
export async function startTestServer(
  dialect: TestDialect,
  overrides: ConfigInput = {},
): Promise<TestServer> {
  const db = testDatabase(dialect);
  const config: ConfigInput = {
    ...db.config,
    sandbox: { stepMs: 20 },
    sessions: { leaseTtlMs: 5000, renewIntervalMs: 1000 },
    // Short streams, so suites that inject() every operation get their answers.
    streams: { pollIntervalMs: 50, maxDurationMs: 300 },
    webhooks: {
      allowPrivateTargets: true,
      retryScheduleSeconds: [0, 0.2, 0.4],
      pollIntervalMs: 50,
      timeoutMs: 2000,
    },
    ...overrides,
  };
  const { app, gateway } = await createServer({ ...config, logger: pino({ level: 'silent' }) });
  const init = await gateway.tenants.initAdmin();
  const adminKey = init.apiKey!;

  const request: TestServer['request'] = async (method, url, options = {}) => {
    const key = options.key === undefined ? adminKey : options.key;
    const res = await app.inject({
      method,
      url,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...options.headers },
      ...(options.body !== undefined && { payload: options.body as object }),
    });
    const isJson = String(res.headers['content-type'] ?? '').includes('json');
    return { status: res.statusCode, body: isJson ? res.json() : res.rawPayload, headers: res.headers };
  };

  return {
    app,
    gateway,
    adminKey,
    dataDir: db.dataDir,
    config,
    request,
    async tenant(name = 'acme') {
      const t = await request('POST', '/v1/tenants', { body: { name } });
      const k = await request('POST', '/v1/api-keys', { body: { name: 'k', tenant_id: t.body.id } });
      return { id: t.body.id, key: k.body.key };
    },
    async connectedSession() {
      const id = (await request('POST', '/v1/sessions', { body: { auto_pair: true } })).body.id as string;
      await eventually(async () =>
        (await request('GET', `/v1/sessions/${id}`)).body.status === 'connected' ? true : undefined,
      );
      return id;
    },
    async close() {
      await app.close();
      await db.cleanup();
    },
  };
}

/**
 * How long `eventually()` waits by default: generous, because a condition that holds within
 * milliseconds on a laptop can take seconds on a busy 2-core CI runner, yet under vitest's 30 s
 * test timeout so a failure names the condition instead of the test timing out.
 */
export const EVENTUALLY_TIMEOUT_MS = 20_000;

/**
 * Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. Pass a longer
 * `timeoutMs` only for a condition slower than the default allows; never a shorter one.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = EVENTUALLY_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
