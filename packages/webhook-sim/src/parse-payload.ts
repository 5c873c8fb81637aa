import type { WebhookPayload } from './types.js';
import { WebhookVerificationError } from './verification-error.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a webhook body and checks the envelope (`id`, `type`, `timestamp`, `data`).
 * Unknown event types are accepted so newer servers do not break older receivers.
 * Throws {@link WebhookVerificationError} with code `INVALID_PAYLOAD`.
 */
export function parsePayload(body: string): WebhookPayload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw new WebhookVerificationError('INVALID_PAYLOAD', 'Webhook body is not valid JSON', { cause: err });
  }
  if (!isRecord(parsed)) {
    throw new WebhookVerificationError('INVALID_PAYLOAD', 'Webhook body must be a JSON object');
  }
  for (const field of ['id', 'type', 'timestamp'] as const) {
    if (typeof parsed[field] !== 'string' || parsed[field] === '') {
      throw new WebhookVerificationError(
        'INVALID_PAYLOAD',
        `Webhook payload field "${field}" must be a non-empty string`,
      );
    }
  }
  if (!isRecord(parsed.data)) {
    throw new WebhookVerificationError('INVALID_PAYLOAD', 'Webhook payload field "data" must be an object');
  }
  return parsed as WebhookPayload;
}
