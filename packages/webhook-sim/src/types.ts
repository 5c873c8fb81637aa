/**
 * Wire types of wagw webhook payloads (Standard Webhooks v1 envelope).
 *
 * The shapes come from `@wagw/sdk` (generated from the server's OpenAPI document), so fixtures
 * cannot drift from what the server sends.
 */
import type {
  EventType,
  Message as SdkMessage,
  MessageStatus as SdkMessageStatus,
  SessionStatus as SdkSessionStatus,
  SessionStatusData as SdkSessionStatusData,
} from '@wagw/sdk';

export type WebhookEventType = EventType;

export type MessageEventType = Exclude<WebhookEventType, 'session.status'>;

export type SessionStatus = SdkSessionStatus;

/** The `data` of a `session.status` event. */
export type SessionStatusData = SdkSessionStatusData;

export type MessageDirection = SdkMessage['direction'];

export type MessageStatus = SdkMessageStatus;

export type MessageError = NonNullable<SdkMessage['error']>;

/** The message object carried in `data` of every `message.*` event. */
export type WebhookMessage = SdkMessage;

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
