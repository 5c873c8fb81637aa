import { newId } from '../crypto/ids.js';
import type { EventType } from '../domain/types.js';
import { eventExamples } from './schemas/event-examples.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The `data` of a realistic event of `type` for a trigger: the catalog's example with this
 * session's id, a fresh message/endpoint id and the times of now, so it passes the catalog's schema
 * and looks like a real one to the receiver.
 */
export function triggerData(
  type: EventType,
  sessionId: string | null,
  now = Date.now(),
): Record<string, unknown> {
  const example = eventExamples[type] as { session_id: string | null; data: Record<string, unknown> };
  const fresh = new Map<string, string>();
  const at = new Date(now).toISOString();
  const rewrite = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => rewrite(v, key));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, k)]));
    }
    if (typeof value !== 'string') return value;
    if (key === 'session_id' && sessionId !== null) return sessionId;
    if (ISO.test(value)) return at;
    if (key === 'id' || key.endsWith('_id')) {
      const prefix = /^(msg|whk)_/.exec(value)?.[1] as 'msg' | 'whk' | undefined;
      if (prefix) {
        if (!fresh.has(value)) fresh.set(value, newId(prefix));
        return fresh.get(value);
      }
    }
    return value;
  };
  return rewrite(example.data, '') as Record<string, unknown>;
}
