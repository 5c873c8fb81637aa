import type { Scope } from './authorization.js';

/** Domain records: camelCase, times as epoch milliseconds. The HTTP layer renders them for the wire. */

export const SESSION_STATUSES = [
  'stopped',
  'starting',
  'scan_qr',
  'connected',
  'disconnected',
  'logged_out',
  'failed',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const MESSAGE_STATUSES = [
  'scheduled',
  'queued',
  'sent',
  'delivered',
  'read',
  'failed',
  'cancelled',
  'received',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const EVENT_TYPES = [
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
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface Tenant {
  id: string;
  name: string;
  isAdmin: boolean;
  createdAt: number;
  status: 'active' | 'suspended';
  suspendedAt: number | null;
  suspendedReason: string | null;
}

export interface ApiKey {
  id: string;
  tenantId: string;
  name: string;
  mode: 'live' | 'test';
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** Null: every scope the owner's role allows. */
  scopes: Scope[] | null;
  expiresAt: number | null;
  lastUsedIp: string | null;
  /** IPs or CIDR ranges the key may be used from; null: any. */
  allowedIps: string[] | null;
  /** The user or service account the key acts as; null: the tenant (as its admin). */
  userId: string | null;
  /** After a rotation, the old key works until then. */
  graceUntil: number | null;
  replacedBy: string | null;
}

/** Live or test (`wagw_test_…` keys). Absent on a record being written: live. */
export type Mode = 'live' | 'test';

/** The mode of a session, event or endpoint (live unless it says otherwise). */
export const modeOf = (record: { mode?: Mode | undefined }): Mode => record.mode ?? 'live';

export interface Session {
  id: string;
  tenantId: string;
  /** Test sessions are seen and used only by test keys; they run only on the sandbox engine. */
  mode?: Mode;
  name: string;
  engine: string;
  status: SessionStatus;
  statusReason: string | null;
  statusChangedAt: number;
  desiredState: 'running' | 'stopped';
  phone: string | null;
  autoPair: boolean;
  qr: string | null;
  qrExpiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type { MessageBody, MessageType, TextBody } from './message-body.js';

import type { MessageBody } from './message-body.js';

export interface Message {
  id: string;
  tenantId: string;
  sessionId: string;
  direction: 'outbound' | 'inbound';
  type: MessageBody['type'];
  to: string | null;
  from: string | null;
  /** The recipient's LID ('digits@lid') when known. */
  toLid: string | null;
  /** The sender's LID when known. */
  fromLid: string | null;
  body: MessageBody;
  status: MessageStatus;
  error: { code: string; message: string } | null;
  waMessageId: string | null;
  createdAt: number;
  sentAt: number | null;
  deliveredAt: number | null;
  readAt: number | null;
  failedAt: number | null;
  /** When its sender last edited it (its body has the new text); absent or null if never. */
  editedAt?: number | null;
  /** When its sender deleted it for everyone; absent or null if not. */
  revokedAt?: number | null;
  /** When a scheduled message is to be sent; absent or null: as soon as it could. */
  sendAt?: number | null;
  /** When it was cancelled before it was sent; absent or null if not. */
  cancelledAt?: number | null;
}

export interface DomainEvent {
  id: string;
  tenantId: string;
  /** Its session's mode. */
  mode?: Mode;
  sessionId: string | null;
  sequence: number;
  type: EventType;
  data: Record<string, unknown>;
  createdAt: number;
}

export interface WebhookEndpoint {
  id: string;
  tenantId: string;
  /** A test endpoint receives only test events, a live one only live events. */
  mode?: Mode;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  /** Seconds before each attempt (the first is usually 0); null: the server's schedule. */
  retrySchedule?: number[] | null;
  /** Failing continuously this long disables the endpoint; null: the server's period. */
  disableAfterMs?: number | null;
  /** Since when every attempt has failed; null when the last one succeeded. */
  failingSince?: number | null;
  disabledReason?: 'failing' | 'gone' | null;
  disabledAt?: number | null;
  /** Until then, deliveries are signed with the previous secret as well (rotation overlap). */
  previousSecretExpiresAt?: number | null;
}

export interface WebhookAttempt {
  attempt: number;
  statusCode: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
  createdAt: number;
  /** The request's headers, without the signature. */
  requestHeaders?: Record<string, string> | null;
  responseHeaders?: Record<string, string> | null;
}

export interface WebhookDelivery {
  id: string;
  tenantId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attemptCount: number;
  nextAttemptAt: number | null;
  createdAt: number;
  attempts: WebhookAttempt[];
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

export interface PageParams {
  limit: number;
  startingAfter?: string | undefined;
}
