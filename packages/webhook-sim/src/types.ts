/**
 * Wire types of wagw webhook payloads (Standard Webhooks v1 envelope).
 *
 * The shapes come from `@wagw/sdk` (generated from the server's OpenAPI document), so fixtures
 * cannot drift from what the server sends.
 */
import type {
  EventData,
  EventType,
  Message as SdkMessage,
  MessageStatus as SdkMessageStatus,
  SessionStatus as SdkSessionStatus,
  SessionStatusData as SdkSessionStatusData,
  WebhookEventOf,
} from '@wagw/sdk';

export type WebhookEventType = EventType;

export type MessageEventType = Extract<WebhookEventType, `message.${string}`>;

export type SessionStatus = SdkSessionStatus;

/** The `data` of a `session.status` event. */
export type SessionStatusData = SdkSessionStatusData;

export type MessageDirection = SdkMessage['direction'];

export type MessageStatus = SdkMessageStatus;

export type MessageError = NonNullable<SdkMessage['error']>;

/** The message object carried in `data` of every `message.*` event. */
export type WebhookMessage = SdkMessage;

/** The `data` of each event type. */
export type WebhookEventDataMap = { [K in WebhookEventType]: EventData<K> };

/**
 * A webhook payload: `@wagw/sdk`'s `WebhookEvent`, generated from the OpenAPI document's `webhooks`
 * section. Without a type argument this is a discriminated union on `type`, so
 * `if (p.type === 'session.status') p.data.status` narrows correctly.
 */
export type WebhookPayload<T extends WebhookEventType = WebhookEventType> = {
  [K in T]: WebhookEventOf<K>;
}[T];

/** The three Standard Webhooks headers. */
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** Anything header-shaped: a fetch `Headers`, node's `IncomingHttpHeaders`, or a plain record. */
export type HeadersLike = Headers | Record<string, string | string[] | undefined>;
