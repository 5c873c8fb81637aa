import type { EventType } from './types.js';

/**
 * Stored event data is versioned: every row records the version of the shape it was written in,
 * and rows of older shapes are upcast when read, so the API and webhooks always serve the current
 * shape (the one the OpenAPI document describes) whatever the row's age.
 *
 * Versions:
 * - 1: the first release (migration 0001). Message events had no `to_lid` / `from_lid`.
 * - 2: contact identities (migration 0002): message events carry `to_lid` and `from_lid`.
 * - 3: message types: message events carry `mentions`, `media`, `location`, `contacts`, `poll`,
 *   `reaction` and `reply_to` (all messages before were plain texts, so these are empty).
 * - 4: edits, deletions and votes: message events carry `edit`, `revoke`, `poll_vote`, `forwarded`,
 *   `edited_at` and `revoked_at` (none of these existed before).
 * - 5: scheduled messages: message events carry `send_at` and `cancelled_at` (null before).
 *
 * Rows written before versions were recorded (migration 0004) have no version: they are version 1
 * or 2, and each step below only fills in what is missing, so reading them as version 1 is exact.
 *
 * To change a shape: bump CURRENT, add the step from the previous version, and add the old shape to
 * `storage/old-data.test.ts`.
 */
export const EVENT_DATA_VERSION = 5;

type Data = Record<string, unknown>;
type Step = (type: EventType, data: Data) => Data;

const isMessageEvent = (type: EventType) => type.startsWith('message.');

/** `STEPS[v]` turns version v into version v + 1. */
const STEPS: Record<number, Step> = {
  1: (type, data) =>
    isMessageEvent(type) ? { ...data, to_lid: data.to_lid ?? null, from_lid: data.from_lid ?? null } : data,
  2: (type, data) =>
    isMessageEvent(type)
      ? {
          ...data,
          mentions: [],
          media: null,
          location: null,
          contacts: null,
          poll: null,
          reaction: null,
          reply_to: null,
          ...data,
        }
      : data,
  3: (type, data) =>
    isMessageEvent(type)
      ? {
          ...data,
          edit: null,
          revoke: null,
          poll_vote: null,
          forwarded: false,
          edited_at: null,
          revoked_at: null,
          ...data,
        }
      : data,
  4: (type, data) => (isMessageEvent(type) ? { ...data, send_at: null, cancelled_at: null, ...data } : data),
};

/** The data of a stored event in the current shape. `version` null: a row from before versions. */
export function upcastEventData(type: EventType, version: number | null, data: Data): Data {
  let current = data;
  for (let v = version ?? 1; v < EVENT_DATA_VERSION; v++) {
    const step = STEPS[v];
    if (!step) throw new Error(`No upcast from event data version ${v}`);
    current = step(type, current);
  }
  return current;
}
