import { type CatalogEntry, EVENT_CATALOG } from './schemas/event-catalog.js';

type Schema = Record<string, unknown>;

/** A short type for a field: `string`, `integer`, `"a" \| "b"`, `string (date-time) \| null`, `object`. */
function typeOf(schema: Schema): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Schema[]).map(typeOf).join(' \\| ');
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => `\`"${v}"\``).join(' \\| ');
  if ('const' in schema) return `\`"${String(schema.const)}"\``;
  const type = String(schema.type ?? 'any');
  return typeof schema.format === 'string' ? `${type} (${schema.format})` : type;
}

function fieldsTable(schema: Schema): string {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows = Object.entries(properties).map(([name, field]) => {
    const description = String(field.description ?? '').replace(/\|/g, '\\|');
    return `| \`${name}\`${required.has(name) ? '' : ' (optional)'} | ${typeOf(field)} | ${description} |`;
  });
  return ['| field | type | description |', '| --- | --- | --- |', ...rows].join('\n');
}

function section(entry: CatalogEntry): string {
  return [
    `## \`${entry.type}\``,
    '',
    entry.description,
    '',
    fieldsTable(entry.schema),
    '',
    '```json',
    JSON.stringify(entry.example, null, 2),
    '```',
  ].join('\n');
}

/**
 * docs/events.md, rendered from the event catalog (`pnpm gen` writes it; a test fails when the
 * committed page differs).
 */
export function renderEventsDoc(catalog: readonly CatalogEntry[] = EVENT_CATALOG): string {
  const index = catalog.map((e) => `- [\`${e.type}\`](#${e.type.replace(/[^a-z0-9_-]/g, '')})`);
  return `${[
    '# Event catalog',
    '',
    '<!-- Generated from packages/server/src/http/schemas/event-catalog.ts by `pnpm gen`: edit the catalog, not this page. -->',
    '',
    'Every change wagw reports is an event. Events are stored (`GET /v1/events`), delivered to webhook',
    'endpoints (see [webhooks.md](webhooks.md)) and described by one catalog: `GET /v1/event-types`',
    'returns each type with the JSON Schema of its `data`, a description and an example; the OpenAPI',
    'document has one entry per type in its `webhooks` section; `@wagw/sdk` types them as one',
    'union (`WebhookEvent`, narrowed by `type`); `@wagw/webhook-sim` builds its fixtures from the',
    'examples below. `wagw trigger TYPE` makes the server emit one for your tenant.',
    '',
    'A webhook body is `{ id, type, timestamp, session_id, sequence, data }`: `id` is the event id',
    '(`evt_…`, also the `webhook-id` header), `timestamp` when it happened, `session_id` the session',
    'it is about (null for events about no session), `sequence` its number in that session.',
    '',
    ...index,
    '',
    catalog.map(section).join('\n\n'),
  ].join('\n')}\n`;
}
