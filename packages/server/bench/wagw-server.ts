import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type * as WagwServerModule from '../src/index.js';

export interface WagwBenchServer {
  /** The send endpoint of the connected session. */
  sendUrl: string;
  /** Authorization header with the admin key. */
  authHeaders: Record<string, string>;
  sessionId: string;
  dataDir: string;
  /** Accepted messages of the session not yet handed to the engine. */
  backlog(): Promise<number>;
  close(): Promise<void>;
}

export interface WagwBenchOptions {
  /** `connected`: a paired sandbox session sends what it accepts; `stopped`: accepting alone. */
  session: 'connected' | 'stopped';
  /** Sandbox delay between sent → delivered → read (default the server's). */
  sandboxStepMs?: number;
  /** A webhook endpoint for every event (loopback: private targets are allowed). */
  webhookUrl?: string;
  /** Webhook delivery settings other than the server's defaults. */
  webhooks?: { concurrency?: number; perEndpointConcurrency?: number };
}

// The built package (what users run), loaded by URL so that type-checking bench/ does not need a
// build first; its types are those of the source it is built from.
const DIST_ENTRY = new URL('../dist/index.js', import.meta.url).href;

/**
 * The real wagw server on SQLite in a fresh temp data dir, listening on loopback, with an admin key
 * and a connected sandbox session (created and awaited through the HTTP API).
 */
export async function startWagwServer(options: WagwBenchOptions): Promise<WagwBenchServer> {
  const { createServer }: typeof WagwServerModule = await import(DIST_ENTRY);
  const dataDir = mkdtempSync(join(tmpdir(), 'wagw-bench-'));
  let closeApp: () => Promise<void> = async () => undefined;
  const close = async () => {
    await closeApp();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const { app, gateway } = await createServer({
      dataDir,
      logger: pino({ level: 'silent' }),
      ...(options.sandboxStepMs !== undefined && { sandbox: { stepMs: options.sandboxStepMs } }),
      ...(options.webhookUrl && { webhooks: { allowPrivateTargets: true, ...options.webhooks } }),
    });
    closeApp = () => app.close();
    const { apiKey } = await gateway.tenants.initAdmin();
    if (!apiKey) throw new Error('initAdmin did not create an admin key on a fresh database');
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const authHeaders = { authorization: `Bearer ${apiKey}` };

    if (options.webhookUrl) {
      await api(base, authHeaders, 'POST', '/v1/webhooks', { url: options.webhookUrl, events: ['*'] });
    }
    const stopped = options.session === 'stopped';
    const created = await api(
      base,
      authHeaders,
      'POST',
      '/v1/sessions',
      stopped ? { start: false } : { auto_pair: true },
    );
    const sessionId = String(created.id);
    if (!stopped) {
      await waitUntil(async () => {
        const session = await api(base, authHeaders, 'GET', `/v1/sessions/${sessionId}`);
        return session.status === 'connected';
      }, 15_000);
    }

    return {
      sendUrl: `${base}/v1/sessions/${sessionId}/messages`,
      authHeaders,
      sessionId,
      dataDir,
      backlog: () => gateway.storage.jobs.countForSession('message.send', sessionId),
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

async function api(
  base: string,
  headers: Record<string, string>,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`the session did not connect within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
