import type { EventType, MessageStatus, SessionStatus } from './types.js';

/** Returns the list as given; fails to compile when it leaves out a member of `All`. */
const allOf =
  <All extends string>() =>
  <const Listed extends readonly All[]>(
    list: Listed &
      ([Exclude<All, Listed[number]>] extends [never] ? unknown : { missing: Exclude<All, Listed[number]> }),
  ): Listed =>
    list;

/** Every event type. */
export const EVENT_TYPES = allOf<EventType>()([
  'session.status',
  'session.rate_limited',
  'message.sent',
  'message.delivered',
  'message.read',
  'message.receipt',
  'message.failed',
  'message.cancelled',
  'message.received',
  'message.reaction',
  'message.edited',
  'message.revoked',
  'poll.vote',
  'contact.updated',
  'presence.updated',
  'group.joined',
  'group.updated',
  'group.participants',
  'broadcast.status',
  'webhook.endpoint_disabled',
  'webhook.test',
]);

/** Every session status. */
export const SESSION_STATUSES = allOf<SessionStatus>()([
  'stopped',
  'starting',
  'scan_qr',
  'connected',
  'disconnected',
  'logged_out',
  'failed',
]);

/** Every message status. */
export const MESSAGE_STATUSES = allOf<MessageStatus>()([
  'scheduled',
  'queued',
  'sent',
  'delivered',
  'read',
  'failed',
  'cancelled',
  'received',
]);
