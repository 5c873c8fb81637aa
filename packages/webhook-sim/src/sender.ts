import { performance } from 'node:perf_hooks';
import { WebhookSendError } from './send-error.js';
import { sign } from './signer.js';
import type { WebhookPayload } from './types.js';

export const DEFAULT_SEND_TIMEOUT_MS = 10_000;

export interface SendWebhookOptions {
  url: string | URL;
  secret: string;
  /** An object (serialized once with JSON.stringify) or a raw body string, sent byte for byte. */
  payload: WebhookPayload | string;
  /** Abort the request (including reading the response body) after this long; default 10 000. */
  timeoutMs?: number;
  /** `webhook-id` header; defaults to the payload's `id`. */
  id?: string;
  /** Signing timestamp (unix seconds or Date); defaults to now. Set it in the past to test tolerance. */
  timestamp?: number | Date;
  /** Extra request headers (may replace content-type/user-agent, never the signature headers). */
  headers?: Record<string, string>;
}

export interface SendWebhookResult {
  /** HTTP status of the receiver's response; 3xx is returned as-is (redirects are never followed). */
  status: number;
  /** Time from sending the request to having read the full response body. */
  durationMs: number;
  /** Response body as text. */
  body: string;
}

function resolveId(payload: WebhookPayload | string, id: string | undefined): string {
  if (id) return id;
  let candidate: unknown;
  if (typeof payload === 'string') {
    try {
      candidate = (JSON.parse(payload) as { id?: unknown } | null)?.id;
    } catch {
      candidate = undefined;
    }
  } else {
    candidate = payload.id;
  }
  if (typeof candidate !== 'string' || candidate === '') {
    throw new TypeError('Cannot determine webhook-id: pass `id` or a payload with a string "id"');
  }
  return candidate;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}

/**
 * Signs and POSTs one webhook, the way the wagw server delivers them.
 * Resolves with the response for any HTTP status; rejects with {@link WebhookSendError}
 * (`TIMEOUT` or `NETWORK_ERROR`) when no response was obtained.
 */
export async function sendWebhook({
  url,
  secret,
  payload,
  timeoutMs = DEFAULT_SEND_TIMEOUT_MS,
  id,
  timestamp,
  headers = {},
}: SendWebhookOptions): Promise<SendWebhookResult> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signed = sign({ secret, id: resolveId(payload, id), timestamp, body });
  const requestHeaders = new Headers({
    'content-type': 'application/json',
    'user-agent': 'wagw-webhook-sim',
  });
  for (const [name, value] of Object.entries(headers)) requestHeaders.set(name, value);
  for (const [name, value] of Object.entries(signed)) requestHeaders.set(name, value);
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: requestHeaders,
      body,
      redirect: 'manual',
      signal,
    });
    const text = await response.text();
    return { status: response.status, durationMs: elapsed(), body: text };
  } catch (err) {
    const durationMs = elapsed();
    if (signal.aborted) {
      throw new WebhookSendError('TIMEOUT', `Webhook to ${url} timed out after ${timeoutMs}ms`, durationMs, {
        cause: err,
      });
    }
    throw new WebhookSendError('NETWORK_ERROR', `Webhook to ${url} failed: ${describe(err)}`, durationMs, {
      cause: err,
    });
  }
}
