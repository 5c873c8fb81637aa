import { randomBytes } from 'node:crypto';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from './event-types.js';
import { randomId } from './random-id.js';
import type {
  SessionStatusData,
  WebhookEventDataMap,
  WebhookEventType,
  WebhookMessage,
  WebhookPayload,
} from './types.js';

/** Top-level fields to replace, plus a shallow patch of `data`. */
export type FixtureOverrides<T extends WebhookEventType = WebhookEventType> = {
  id?: string;
  timestamp?: string;
  session_id?: string;
  sequence?: number;
  data?: Partial<WebhookEventDataMap[T]>;
};

/** The session's own number (fictional, from the NANP 555-01xx range). */
const SESSION_PHONE = '+14155550100';
/** A contact's number (fictional, from Ofcom's drama range). */
const CONTACT_PHONE = '+447700900123';
const CONTACT_LID = '112233445566778@lid';

interface FixtureContext {
  eventId: string;
  sessionId: string;
  /** Id of the outbound message whose lifecycle is sent → delivered → read. */
  messageId: string;
  waMessageId: string;
  now: Date;
  sequence: number;
}

function at(ctx: FixtureContext, offsetMs: number): string {
  return new Date(ctx.now.getTime() + offsetMs).toISOString();
}

function outbound(ctx: FixtureContext): WebhookMessage {
  return {
    id: ctx.messageId,
    session_id: ctx.sessionId,
    direction: 'outbound',
    type: 'text',
    to: CONTACT_PHONE,
    from: SESSION_PHONE,
    to_lid: CONTACT_LID,
    from_lid: null,
    text: 'Your order #1042 has shipped 📦',
    status: 'sent',
    error: null,
    wa_message_id: ctx.waMessageId,
    created_at: at(ctx, -3000),
    sent_at: at(ctx, -2000),
    delivered_at: null,
    read_at: null,
    failed_at: null,
  };
}

const buildData: { [K in WebhookEventType]: (ctx: FixtureContext) => WebhookEventDataMap[K] } = {
  'session.status': (ctx): SessionStatusData => ({
    session_id: ctx.sessionId,
    status: 'connected',
    previous_status: 'scan_qr',
    reason: null,
    phone: SESSION_PHONE,
  }),
  'message.sent': (ctx) => ({ ...outbound(ctx), sent_at: at(ctx, 0) }),
  'message.delivered': (ctx) => ({ ...outbound(ctx), status: 'delivered', delivered_at: at(ctx, 0) }),
  'message.read': (ctx) => ({
    ...outbound(ctx),
    status: 'read',
    delivered_at: at(ctx, -1000),
    read_at: at(ctx, 0),
  }),
  'message.failed': (ctx) => ({
    ...outbound(ctx),
    id: `${ctx.messageId.slice(0, -1)}F`,
    to: '+14155550199',
    status: 'failed',
    to_lid: null,
    error: { code: 'WA_463', message: 'WhatsApp refused the message (463)' },
    wa_message_id: null,
    sent_at: null,
    failed_at: at(ctx, 0),
  }),
  'message.received': (ctx) => ({
    id: `${ctx.messageId.slice(0, -1)}R`,
    session_id: ctx.sessionId,
    direction: 'inbound',
    type: 'text',
    to: SESSION_PHONE,
    from: CONTACT_PHONE,
    to_lid: null,
    from_lid: CONTACT_LID,
    text: 'Thanks! When will it arrive?',
    status: 'received',
    error: null,
    wa_message_id: `${ctx.waMessageId.slice(0, -1)}R`,
    created_at: at(ctx, 0),
    sent_at: null,
    delivered_at: null,
    read_at: null,
    failed_at: null,
  }),
};

function build<T extends WebhookEventType>(type: T, ctx: FixtureContext): WebhookPayload<T> {
  const payload = {
    id: ctx.eventId,
    type,
    timestamp: ctx.now.toISOString(),
    session_id: ctx.sessionId,
    sequence: ctx.sequence,
    data: buildData[type](ctx),
  };
  return payload as WebhookPayload<T>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function fixedId(prefix: string, label: string): string {
  return `${prefix}_${label
    .replace(/[^0-9A-Za-z]/g, '')
    .padEnd(24, '0')
    .slice(0, 24)}`;
}

function buildCatalog(): { readonly [K in WebhookEventType]: WebhookPayload<K> } {
  const now = new Date('2026-11-22T10:00:00.000Z');
  const entries = WEBHOOK_EVENT_TYPES.map((type, i) => [
    type,
    build(type, {
      eventId: fixedId('evt', `fixture ${type}`),
      sessionId: fixedId('ses', 'fixture'),
      messageId: fixedId('msg', 'fixture'),
      waMessageId: '3EB0C767D26A1D8E4F3A21B0',
      now,
      sequence: i + 1,
    }),
  ]);
  return deepFreeze(Object.fromEntries(entries)) as { readonly [K in WebhookEventType]: WebhookPayload<K> };
}

/**
 * A deterministic, deeply frozen catalog with one example payload per event type:
 * fixed ids, all at 2026-11-22T10:00:00.000Z, in one session with sequences 1..6.
 * Use it for documentation and snapshots; use {@link fixture} for fresh payloads.
 */
export const fixtures = buildCatalog();

function randomWaMessageId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

/**
 * A fresh payload of the given type, with new event/session/message ids and timestamps
 * around now. `overrides` replaces top-level fields and shallow-merges into `data`;
 * an overridden `session_id` is also applied to `data.session_id` unless `data` sets it.
 */
export function fixture<T extends WebhookEventType>(
  type: T,
  overrides: FixtureOverrides<T> = {},
): WebhookPayload<T> {
  if (!isWebhookEventType(type)) {
    throw new TypeError(
      `Unknown webhook event type "${String(type)}"; expected one of: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
    );
  }
  const base = build(type, {
    eventId: randomId('evt'),
    sessionId: randomId('ses'),
    messageId: randomId('msg'),
    waMessageId: randomWaMessageId(),
    now: new Date(),
    sequence: 1,
  });
  const { data: dataOverrides, ...top } = overrides;
  const sessionPatch = top.session_id === undefined ? {} : { session_id: top.session_id };
  return {
    ...base,
    ...top,
    data: { ...base.data, ...sessionPatch, ...dataOverrides },
  } as WebhookPayload<T>;
}
