/**
 * Wire types of wagw webhook payloads (Standard Webhooks v1 envelope).
 *
 * The enumerations come from `@wagw/sdk` (generated from the server's OpenAPI document), so
 * fixtures cannot drift from what the server sends.
 */
import type {
  EventType,
  MessageStatus as SdkMessageStatus,
  SessionStatus as SdkSessionStatus,
} from '@wagw/sdk';

export type WebhookEventType = EventType;

export type MessageEventType = Exclude<WebhookEventType, 'session.status'>;

export type SessionStatus = SdkSessionStatus;

export interface SessionStatusData {
  session_id: string;
  status: SessionStatus;
  previous_status: SessionStatus | null;
  reason: string | null;
}

export type MessageDirection = 'outbound' | 'inbound';

export type MessageStatus = SdkMessageStatus;

export interface MessageError {
  code: string;
  message: string;
}

/** The message object carried in `data` of every `message.*` event. */
export interface WebhookMessage {
  id: string;
  session_id: string;
  direction: MessageDirection;
  type: 'text';
  /** E.164 with a leading '+'. */
  to: string;
  /** E.164 with a leading '+'. */
  from: string;
  text: string;
  status: MessageStatus;
  error: MessageError | null;
  wa_message_id: string | null;
  created_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  read_at: string | null;
  failed_at: string | null;
}

export interface WebhookEventDataMap {
  'session.status': SessionStatusData;
  'message.sent': WebhookMessage;
  'message.delivered': WebhookMessage;
  'message.read': WebhookMessage;
  'message.failed': WebhookMessage;
  'message.received': WebhookMessage;
}

/**
 * A webhook payload. Without a type argument this is a discriminated union on `type`,
 * so `if (p.type === 'session.status') p.data.status` narrows correctly.
 */
export type WebhookPayload<T extends WebhookEventType = WebhookEventType> = {
  [K in T]: {
    /** Event id (`evt_...`), equal to the `webhook-id` header and stable across retries. */
    id: string;
    type: K;
    /** ISO 8601 time the event happened. */
    timestamp: string;
    session_id: string;
    /** Per-session, monotonically increasing event sequence number. */
    sequence: number;
    data: WebhookEventDataMap[K];
  };
}[T];

/** The three Standard Webhooks headers. */
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** Anything header-shaped: a fetch `Headers`, node's `IncomingHttpHeaders`, or a plain record. */
export type HeadersLike = Headers | Record<string, string | string[] | undefined>;
