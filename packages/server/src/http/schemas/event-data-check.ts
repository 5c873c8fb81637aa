import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { EventDataCheck } from '../../domain/events-service.js';
import type { EventType } from '../../domain/types.js';
import { AppError } from '../../errors/app-error.js';
import { EVENT_CATALOG } from './event-catalog.js';

/**
 * The check `EventsService` runs before recording an event when `validateEvents` is on: the event's
 * data against its type's schema in the catalog (JSON Schema 2020-12, formats such as `date-time`
 * included), with no extra properties allowed, so a field the catalog does not describe fails too.
 */
export function eventDataCheck(): EventDataCheck {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const validators = new Map(
    EVENT_CATALOG.map((entry) => [entry.type, ajv.compile(closed(entry.schema) as object)] as const),
  );
  return (type: EventType, data: Record<string, unknown>) => {
    const validate = validators.get(type);
    if (!validate) throw new AppError('EVENT_SCHEMA_VIOLATION', { message: `Unknown event type ${type}.` });
    if (validate(data)) return;
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    throw new AppError('EVENT_SCHEMA_VIOLATION', {
      message: `The data of a ${type} event does not match its schema: ${errors}.`,
      details: { type, errors: validate.errors ?? [] },
    });
  };
}

/** The schema with `additionalProperties: false` on every object that does not say otherwise. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)]));
  if (out.type === 'object' && out.properties && !('additionalProperties' in out))
    out.additionalProperties = false;
  return out;
}
