import { randomBytes } from 'node:crypto';
import { EVENT_EXAMPLES } from '@wagw/sdk';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from './event-types.js';
import { randomId } from './random-id.js';
import type { WebhookEventDataMap, WebhookEventType, WebhookPayload } from './types.js';

/** Top-level fields to replace, plus a shallow patch of `data`. */
export type FixtureOverrides<T extends WebhookEventType = WebhookEventType> = {
  id?: string;
  timestamp?: string;
  session_id?: string | null;
  sequence?: number;
  data?: Partial<WebhookEventDataMap[T]>;
};

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The catalog's example of each event type (`EVENT_EXAMPLES` of `@wagw/sdk`, generated from the
 * server's event catalog), deeply frozen: fixed ids, all at 2026-11-22T10:00:00.000Z. Use it for
 * documentation and snapshots; use {@link fixture} for fresh payloads.
 */
export const fixtures: { readonly [K in WebhookEventType]: WebhookPayload<K> } = deepFreeze(
  structuredClone(EVENT_EXAMPLES) as { [K in WebhookEventType]: WebhookPayload<K> },
);

const ID = /^([a-z]{3})_[0-9A-Za-z]{24}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const WA_MESSAGE_ID = /^3EB0[0-9A-F]{20}$/;

/**
 * The example with every id replaced by a fresh one of the same prefix (the same example id always
 * maps to the same new id, so a message keeps its id across its fields) and every time shifted so
 * the event happens now. Works for any event type the catalog gains, without code per type.
 */
function refresh(example: unknown, now: number): unknown {
  const base = Date.parse((example as { timestamp: string }).timestamp);
  const ids = new Map<string, string>();
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    if (typeof value !== 'string') return value;
    const id = ID.exec(value);
    if (id || WA_MESSAGE_ID.test(value)) {
      let fresh = ids.get(value);
      if (!fresh) {
        fresh = id ? randomId(id[1]!) : `3EB0${randomBytes(10).toString('hex').toUpperCase()}`;
        ids.set(value, fresh);
      }
      return fresh;
    }
    if (ISO.test(value)) return new Date(Date.parse(value) - base + now).toISOString();
    return value;
  };
  return walk(example);
}

/**
 * A fresh payload of the given type: the catalog's example with new `evt_`/`ses_`/`msg_`/… ids and
 * times around now. `overrides` replaces top-level fields and shallow-merges into `data`;
 * an overridden `session_id` is also applied to `data.session_id` (when the type's data has one)
 * unless `data` sets it.
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
  const base = refresh(EVENT_EXAMPLES[type], Date.now()) as WebhookPayload<T> & {
    data: Record<string, unknown>;
  };
  const { data: dataOverrides, ...top } = overrides;
  const sessionPatch =
    top.session_id === undefined || !('session_id' in base.data) ? {} : { session_id: top.session_id };
  return {
    ...base,
    ...top,
    data: { ...base.data, ...sessionPatch, ...dataOverrides },
  } as WebhookPayload<T>;
}
