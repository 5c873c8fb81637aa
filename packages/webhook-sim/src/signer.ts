import { randomBytes } from 'node:crypto';
import { WebhookVerificationError as SdkVerificationError, verifyWebhook } from '@wagw/sdk';
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

/**
 * Verifies a received webhook and returns its parsed payload.
 *
 * The headers, timestamp (within `toleranceSeconds`) and signature are checked by `@wagw/sdk`'s
 * `verifyWebhook`, then the payload envelope, incl. `payload.id === webhook-id`.
 * Throws {@link WebhookVerificationError} whose `code` names the failed check.
 */
export function verify({
  secret,
  headers,
  body,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
}: VerifyOptions): WebhookPayload {
  createWebhook(secret); // a malformed secret is a usage error (TypeError), not a rejected webhook
  const text = toText(body);
  try {
    verifyWebhook({ payload: text, headers, secret, toleranceSeconds });
  } catch (error) {
    // The SDK's verifier is the one implementation; this package reports its reason as `code`.
    if (SdkVerificationError.is(error)) throw new WebhookVerificationError(error.reason, error.message);
    throw error;
  }
  // On top of the signature, check the whole envelope: fixtures and receivers rely on it.
  const payload = parsePayload(text);
  const id = readId(headers);
  if (payload.id !== id) {
    throw new WebhookVerificationError(
      'INVALID_PAYLOAD',
      `Payload id "${payload.id}" does not match webhook-id header "${id}"`,
    );
  }
  return payload;
}

function readId(headers: HeadersLike): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers)
    return headers.get('webhook-id') ?? undefined;
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === 'webhook-id')?.[1];
  return Array.isArray(value) ? value[0] : value;
}
