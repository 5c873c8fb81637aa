import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePayload } from './parse-payload.js';
import { assertValidSecret, verify } from './signer.js';
import type { WebhookEventType, WebhookPayload } from './types.js';
import { WebhookVerificationError, type WebhookVerificationErrorCode } from './verification-error.js';

export const DEFAULT_WAIT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** One POST the receiver got (including rejected ones). */
export interface ReceivedWebhook {
  method: string;
  /** Request path incl. query string, e.g. `/hooks?x=1`. */
  path: string;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  /** The raw body, exactly as received. */
  body: string;
  /** Parsed payload; present whenever the body is a valid payload envelope, even if the signature was bad. */
  payload: WebhookPayload | undefined;
  /** True only if a secret was configured and the signature, timestamp and payload all checked out. */
  verified: boolean;
  /** Why the webhook was rejected (or why `respondWith` failed). */
  error?: string;
  errorCode?: WebhookVerificationErrorCode;
  /** 1 for the first delivery of this `webhook-id`, 2 for the first retry, ... */
  attempt: number;
  /** What the receiver answered. */
  response: { status: number; body: string };
  receivedAt: Date;
}

export type ReceiverResponse = number | { status: number; body?: string; headers?: Record<string, string> };

export interface RespondContext {
  /** 1 for the first delivery of this `webhook-id`, 2 for the first retry, ... */
  attempt: number;
  /** Number of webhooks recorded before this one (any id). */
  index: number;
  headers: Record<string, string>;
  body: string;
  verified: boolean;
}

export interface ReceiverOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default '127.0.0.1'. */
  host?: string;
  /** When set, signatures are verified: bad ones get 401 (still recorded, `verified: false`). */
  secret?: string;
  /** Clock skew accepted when verifying; default 300 s. */
  toleranceSeconds?: number;
  /**
   * Decides the answer to accepted webhooks (verified, or any valid payload when no secret is set).
   * Return a status code or `{ status, body?, headers? }`; may be async. Default: 200.
   */
  respondWith?: (
    payload: WebhookPayload,
    context: RespondContext,
  ) => ReceiverResponse | Promise<ReceiverResponse>;
  /** Called for every recorded webhook, after the response is decided (e.g. to print it). */
  onWebhook?: (webhook: ReceivedWebhook) => void;
  /** Larger bodies get 413 and are not recorded; default 5 MiB. */
  maxBodyBytes?: number;
}

export type WebhookPredicate = (webhook: ReceivedWebhook) => boolean;

export interface WaitForOptions {
  /** Default 5 000. */
  timeoutMs?: number;
}

export interface WebhookReceiver {
  /** Base URL, e.g. `http://127.0.0.1:41234/`; any path is accepted. */
  url: string;
  port: number;
  /** Every POST received so far, oldest first. */
  received: ReceivedWebhook[];
  /**
   * Resolves with the first recorded webhook (already received or future) matching
   * `predicate` (a function, or an event type to match `payload.type`); rejects on timeout.
   */
  waitFor(
    predicate?: WebhookPredicate | WebhookEventType,
    options?: WaitForOptions,
  ): Promise<ReceivedWebhook>;
  /** Forgets everything received so far. */
  clear(): void;
  /** Stops listening, drops open connections and rejects pending `waitFor` calls. */
  close(): Promise<void>;
}

interface Waiter {
  predicate: WebhookPredicate;
  resolve: (webhook: ReceivedWebhook) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function tryParse(body: string): WebhookPayload | undefined {
  try {
    return parsePayload(body);
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

function normalizeResponse(value: ReceiverResponse): {
  status: number;
  body: string;
  headers: Record<string, string>;
} {
  const result = typeof value === 'number' ? { status: value } : value;
  if (!Number.isInteger(result.status) || result.status < 100 || result.status > 599) {
    throw new RangeError(`respondWith returned an invalid HTTP status: ${result.status}`);
  }
  return { status: result.status, body: result.body ?? '', headers: result.headers ?? {} };
}

function toPredicate(predicate: WebhookPredicate | WebhookEventType | undefined): WebhookPredicate {
  if (predicate === undefined) return () => true;
  if (typeof predicate === 'string') return (w) => w.payload?.type === predicate;
  return predicate;
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts a local HTTP server that records (and optionally verifies) webhooks. */
export async function startReceiver(options: ReceiverOptions = {}): Promise<WebhookReceiver> {
  const {
    port = 0,
    host = '127.0.0.1',
    secret,
    toleranceSeconds,
    respondWith,
    onWebhook,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  } = options;
  if (secret !== undefined) assertValidSecret(secret);

  const received: ReceivedWebhook[] = [];
  const waiters = new Set<Waiter>();
  const attempts = new Map<string, number>();
  let closed = false;

  function settle(waiter: Waiter, outcome: { webhook: ReceivedWebhook } | { error: Error }): void {
    clearTimeout(waiter.timer);
    waiters.delete(waiter);
    if ('webhook' in outcome) waiter.resolve(outcome.webhook);
    else waiter.reject(outcome.error);
  }

  function offer(waiter: Waiter, webhook: ReceivedWebhook): boolean {
    try {
      if (!waiter.predicate(webhook)) return false;
      settle(waiter, { webhook });
    } catch (err) {
      settle(waiter, { error: err instanceof Error ? err : new Error(String(err)) });
    }
    return true;
  }

  function record(webhook: ReceivedWebhook): void {
    received.push(webhook);
    for (const waiter of [...waiters]) offer(waiter, webhook);
    try {
      onWebhook?.(webhook);
    } catch {
      // A failing printer must not break the receiver or the delivery under test.
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      res.end(errorBody('METHOD_NOT_ALLOWED', 'Webhooks must be POSTed'));
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(errorBody('PAYLOAD_TOO_LARGE', `Body exceeds ${maxBodyBytes} bytes`));
      return;
    }
    const receivedAt = new Date();
    const headers = flattenHeaders(req);
    const webhookId = headers['webhook-id'] ?? '';
    const attempt = (attempts.get(webhookId) ?? 0) + 1;
    attempts.set(webhookId, attempt);

    let payload: WebhookPayload | undefined;
    let verified = false;
    let failure: WebhookVerificationError | undefined;
    try {
      if (secret === undefined) {
        payload = parsePayload(body);
      } else {
        payload = verify({ secret, headers: req.headers, body, toleranceSeconds });
        verified = true;
      }
    } catch (err) {
      failure =
        err instanceof WebhookVerificationError
          ? err
          : new WebhookVerificationError('INVALID_PAYLOAD', String(err), { cause: err });
      payload = tryParse(body);
    }

    let response: { status: number; body: string; headers: Record<string, string> };
    let error: string | undefined;
    if (failure) {
      const status = failure.code === 'INVALID_PAYLOAD' ? 400 : 401;
      error = failure.message;
      response = {
        status,
        body: errorBody(failure.code, failure.message),
        headers: { 'content-type': 'application/json' },
      };
    } else if (respondWith && payload) {
      try {
        response = normalizeResponse(
          await respondWith(payload, { attempt, index: received.length, headers, body, verified }),
        );
      } catch (err) {
        error = `respondWith threw: ${err instanceof Error ? err.message : String(err)}`;
        response = {
          status: 500,
          body: errorBody('RECEIVER_ERROR', error),
          headers: { 'content-type': 'application/json' },
        };
      }
    } else {
      response = { status: 200, body: '{"ok":true}', headers: { 'content-type': 'application/json' } };
    }

    const webhook: ReceivedWebhook = {
      method: req.method,
      path: req.url ?? '/',
      headers,
      body,
      payload,
      verified,
      ...(error === undefined ? {} : { error }),
      ...(failure === undefined ? {} : { errorCode: failure.code }),
      attempt,
      response: { status: response.status, body: response.body },
      receivedAt,
    };
    record(webhook);
    if (!res.destroyed) {
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(errorBody('RECEIVER_ERROR', err instanceof Error ? err.message : String(err)));
      } else {
        res.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;

  return {
    url: `http://${formatHost(host)}:${actualPort}/`,
    port: actualPort,
    received,
    waitFor(predicate, { timeoutMs = DEFAULT_WAIT_TIMEOUT_MS } = {}) {
      return new Promise<ReceivedWebhook>((resolve, reject) => {
        const waiter: Waiter = {
          predicate: toPredicate(predicate),
          resolve,
          reject,
          timer: setTimeout(() => {
            const what = typeof predicate === 'string' ? `a "${predicate}" webhook` : 'a matching webhook';
            settle(waiter, {
              error: new Error(
                `waitFor timed out after ${timeoutMs}ms waiting for ${what} (${received.length} received, none matched)`,
              ),
            });
          }, timeoutMs),
        };
        if (closed) {
          clearTimeout(waiter.timer);
          reject(new Error('Receiver is closed'));
          return;
        }
        waiters.add(waiter);
        for (const webhook of received) if (offer(waiter, webhook)) return;
      });
    },
    clear() {
      received.length = 0;
      attempts.clear();
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      for (const waiter of [...waiters])
        settle(waiter, { error: new Error('Receiver closed before a matching webhook arrived') });
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
