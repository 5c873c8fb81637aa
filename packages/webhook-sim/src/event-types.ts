import { EVENT_TYPES, SESSION_STATUSES as STATUSES } from '@wagw/sdk';
import type { SessionStatus, WebhookEventType } from './types.js';

/** Every webhook event type wagw emits (from `@wagw/sdk`, itself generated from the API). */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = EVENT_TYPES;

/** Every session status that can appear in a `session.status` event. */
export const SESSION_STATUSES: readonly SessionStatus[] = STATUSES;

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
