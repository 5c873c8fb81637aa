import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { parsePayload } from './parse-payload.js';
import type { HeadersLike, WebhookHeaders, WebhookPayload } from './types.js';
import { WebhookVerificationError } from './verification-error.js';

/** Default clock skew accepted by `verify()`, same as the Standard Webhooks libraries. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export interface SignOptions {
  /** `whsec_<base64>` secret. */
  secret: string;
  /** The event id (`evt_...`), sent as `webhook-id`. */
  id: string;
  /** Unix seconds or a Date; defaults to now. */
  timestamp?: number | Date;
  /** The exact bytes that will be sent. */
  body: string | Uint8Array;
}

export interface VerifyOptions {
  secret: string;
  headers: HeadersLike;
  /** The raw body exactly as received (do not re-serialize parsed JSON). */
  body: string | Uint8Array;
  /** Maximum accepted distance between `webhook-timestamp` and now; default 300. */
  toleranceSeconds?: number;
}

/** A new random secret: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function createWebhook(secret: string): Webhook {
  if (typeof secret !== 'string' || secret.replace(/^whsec_/, '') === '') {
    throw new TypeError('Webhook secret must be a non-empty "whsec_<base64>" string');
  }
  try {
    return new Webhook(secret);
  } catch (err) {
    throw new TypeError('Webhook secret must be "whsec_" followed by base64', { cause: err });
  }
}

/** Throws early (TypeError) if the secret cannot be used for signing. */
export function assertValidSecret(secret: string): void {
  createWebhook(secret);
}

function toText(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : new TextDecoder().decode(body);
}

function toDate(timestamp: number | Date | undefined): Date {
  if (timestamp === undefined) return new Date();
  if (timestamp instanceof Date) return timestamp;
  if (!Number.isInteger(timestamp) || timestamp < 0) {
    throw new TypeError(`timestamp must be unix seconds (a non-negative integer), got ${timestamp}`);
  }
  return new Date(timestamp * 1000);
}

/** Signs `body` and returns the `webhook-id`, `webhook-timestamp` and `webhook-signature` headers. */
export function sign({ secret, id, timestamp, body }: SignOptions): WebhookHeaders {
  if (!id) throw new TypeError('id must be a non-empty string');
  const date = toDate(timestamp);
  const signature = createWebhook(secret).sign(id, date, toText(body));
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(date.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

function readHeader(headers: HeadersLike, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    return headers.get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value.join(' ') : value;
  }
  return undefined;
}

function signatureMatches(expected: string, header: string): boolean {
  const want = Buffer.from(expected);
  for (const candidate of header.split(' ')) {
    const [version, signature] = candidate.split(',');
    if (version !== 'v1' || signature === undefined) continue;
    const got = Buffer.from(signature);
    if (got.length === want.length && timingSafeEqual(got, want)) return true;
  }
  return false;
}

/**
 * Verifies a received webhook and returns its parsed payload.
 *
 * Checks, in order: headers present → signature (HMAC computed by `standardwebhooks`) →
 * timestamp within `toleranceSeconds` → payload envelope, incl. `payload.id === webhook-id`.
 * Throws {@link WebhookVerificationError} whose `code` names the failed check.
 */
export function verify({
  secret,
  headers,
  body,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
}: VerifyOptions): WebhookPayload {
  const webhook = createWebhook(secret);
  const id = readHeader(headers, 'webhook-id');
  const timestampHeader = readHeader(headers, 'webhook-timestamp');
  const signatureHeader = readHeader(headers, 'webhook-signature');
  if (!id || !timestampHeader || !signatureHeader) {
    const missing = Object.entries({
      'webhook-id': id,
      'webhook-timestamp': timestampHeader,
      'webhook-signature': signatureHeader,
    }).flatMap(([name, value]) => (value ? [] : [name]));
    throw new WebhookVerificationError('MISSING_HEADERS', `Missing webhook headers: ${missing.join(', ')}`);
  }
  if (!/^\d{1,12}$/.test(timestampHeader.trim())) {
    throw new WebhookVerificationError(
      'MISSING_HEADERS',
      `Malformed webhook-timestamp header "${timestampHeader}": expected unix seconds`,
    );
  }
  const timestamp = Number(timestampHeader.trim());
  const text = toText(body);

  const expected = webhook.sign(id, new Date(timestamp * 1000), text).split(',')[1] ?? '';
  if (!signatureMatches(expected, signatureHeader)) {
    throw new WebhookVerificationError(
      'BAD_SIGNATURE',
      'No matching v1 signature found (wrong secret, or body/id/timestamp altered)',
    );
  }

  const skew = Math.floor(Date.now() / 1000) - timestamp;
  if (Math.abs(skew) > toleranceSeconds) {
    throw new WebhookVerificationError(
      'TIMESTAMP_OUT_OF_TOLERANCE',
      `Webhook timestamp is ${Math.abs(skew)}s ${skew > 0 ? 'in the past' : 'in the future'} (tolerance ${toleranceSeconds}s)`,
    );
  }

  const payload = parsePayload(text);
  if (payload.id !== id) {
    throw new WebhookVerificationError(
      'INVALID_PAYLOAD',
      `Payload id "${payload.id}" does not match webhook-id header "${id}"`,
    );
  }
  return payload;
}
