import { Webhook } from 'standardwebhooks';
import {
  WagwError,
  WebhookSignatureError,
  WebhookTimestampError,
  WebhookVerificationError,
} from '../core/errors.js';
import type { WebhookEvent } from '../types.js';

/** Request headers as Node (`req.headers`) or the Fetch API (`request.headers`) give them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookParams {
  /** The raw request body (string, `Buffer` or bytes), exactly as received: verify before parsing. */
  payload: string | Uint8Array;
  headers: WebhookHeaders;
  /** The endpoint's `whsec_…` secret from `wagw.webhooks.create()`. */
  secret: string;
  /** Largest accepted distance between `webhook-timestamp` and now, in seconds. Default 300. */
  toleranceSeconds?: number;
}

const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/**
 * Checks a webhook request's Standard Webhooks signature and timestamp and returns its event, typed
 * as the union of every event type (narrow on `type`). Throws `WebhookSignatureError` for a bad
 * signature, `WebhookTimestampError` for a timestamp out of tolerance (both are
 * `WebhookVerificationError`s, whose `reason` also covers missing headers and a body that is not an
 * event). Deduplicate on `event.id`: retries of one delivery carry the same id.
 *
 * @example
 * app.post('/hooks', express.raw({ type: 'application/json' }), (req, res) => {
 *   const event = verifyWebhook(req.body, req.headers, process.env.WAGW_WEBHOOK_SECRET!);
 *   if (event.type === 'message.received') console.log(event.data.text);
 *   res.sendStatus(204);
 * });
 */
export function verifyWebhook(
  payload: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  options?: { toleranceSeconds?: number },
): WebhookEvent;
/** The same, with named parameters. */
export function verifyWebhook(params: VerifyWebhookParams): WebhookEvent;
export function verifyWebhook(
  first: VerifyWebhookParams | string | Uint8Array,
  headers?: WebhookHeaders,
  secret?: string,
  options: { toleranceSeconds?: number } = {},
): WebhookEvent {
  const params: VerifyWebhookParams =
    typeof first === 'string' || first instanceof Uint8Array
      ? { payload: first, headers: headers ?? {}, secret: secret ?? '', ...options }
      : first;
  return verify(params);
}

function verify(params: VerifyWebhookParams): WebhookEvent {
  const { payload, secret, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = params;
  if (typeof secret !== 'string' || secret === '') throw new WagwError('verifyWebhook: secret is required.');
  const id = header(params.headers, 'webhook-id');
  const timestamp = header(params.headers, 'webhook-timestamp');
  const signature = header(params.headers, 'webhook-signature');
  if (!id || !timestamp || !signature)
    throw new WebhookVerificationError('MISSING_HEADERS', 'Missing webhook signature headers.');

  // The reference verifier fixes the tolerance at five minutes, so the timestamp is checked here
  // and the library signs the same `id.timestamp.body` string for comparison.
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(seconds)) {
    throw new WebhookVerificationError('MISSING_HEADERS', 'Invalid webhook-timestamp header.');
  }
  const skew = Math.floor(Date.now() / 1000) - seconds;
  if (skew > toleranceSeconds) throw new WebhookTimestampError('Webhook timestamp is too old.');
  if (-skew > toleranceSeconds) throw new WebhookTimestampError('Webhook timestamp is in the future.');

  const body = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
  let expected: string;
  try {
    expected = new Webhook(secret).sign(id, new Date(seconds * 1000), body);
  } catch (cause) {
    throw new WagwError('verifyWebhook: the secret is not a valid whsec_ secret.', { cause });
  }
  const matches = signature
    .split(' ')
    .some((candidate) => candidate.startsWith('v1,') && safeEqual(candidate, expected));
  if (!matches) throw new WebhookSignatureError('No matching webhook signature.');

  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    throw new WebhookVerificationError('INVALID_PAYLOAD', 'The webhook payload is not JSON.');
  }
  if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
    throw new WebhookVerificationError('INVALID_PAYLOAD', 'The webhook payload is not a wagw event.');
  }
  return event as WebhookEvent;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (isFetchHeaders(headers)) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function isFetchHeaders(headers: WebhookHeaders): headers is Headers {
  return typeof headers.get === 'function' && typeof headers.forEach === 'function';
}

// Constant time in the length of the expected value, which is public.
function safeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
