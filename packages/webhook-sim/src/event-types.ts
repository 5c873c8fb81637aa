import type { SessionStatus, WebhookEventType } from './types.js';

/** Every webhook event type wagw emits. */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = Object.freeze([
  'session.status',
  'message.sent',
  'message.delivered',
  'message.read',
  'message.failed',
  'message.received',
]);

/** Every session status that can appear in a `session.status` event. */
export const SESSION_STATUSES: readonly SessionStatus[] = Object.freeze([
  'stopped',
  'starting',
  'scan_qr',
  'connected',
  'disconnected',
  'logged_out',
  'failed',
]);

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
