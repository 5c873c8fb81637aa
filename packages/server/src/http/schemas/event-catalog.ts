import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { type TSchema, Type } from '@sinclair/typebox';
import { EVENT_TYPES, type EventType } from '../../domain/types.js';
import { Nullable } from './common.js';
import { eventExamples } from './event-examples.js';
import { eventDataSchemas, sharedSchemas } from './resources.js';

export interface EventTypeDefinition {
  type: EventType;
  /** What happened, for the API reference and docs/events.md. */
  description: string;
  /** The schema of the event's `data`. */
  data: TSchema;
}

const messageEvent = (what: string) => `${what} \`data\` is the message as it was at that moment.`;

const descriptions: { [K in EventType]: string } = {
  'session.status':
    "A session's status changed (for example `scan_qr` → `connected`, or `connected` → `logged_out`). `data` carries the new and the previous status and, when known, the reason and the paired phone number.",
  'session.rate_limited':
    'WhatsApp limited the account, or lifted the limit. With `reason: reach_out_timelock` WhatsApp refused a message to a new chat (error 463): the session holds its sends to numbers it has no chat with (`scope: new_chats`) until `until`, sends to open chats go on, and the refused message is sent again when the limit lifts (`active: false`, a second event). Nothing held is lost.',
  'message.sent': messageEvent("An outbound message reached WhatsApp's servers (one tick)."),
  'message.delivered': messageEvent("An outbound message reached the recipient's device (two ticks)."),
  'message.read': messageEvent(
    'The recipient read an outbound message (blue ticks; only when they have read receipts on).',
  ),
  'message.receipt':
    "A member of a group received (`delivered`), read or played a message the session sent to the group. One event per member and receipt; the message's own status (and its `message.delivered` and `message.read` events) follows the first member's receipt.",
  'message.failed': messageEvent(
    'An outbound message could not be sent and never will be; `data.error` says why.',
  ),
  'message.cancelled': messageEvent(
    'A scheduled or queued message was cancelled before it was sent (`POST /v1/messages/{id}/cancel`); it never will be.',
  ),
  'message.received': messageEvent('A message from a contact arrived in a session.'),
  'message.reaction': messageEvent(
    "A contact reacted to a message of the chat (`reaction.target`; `message_id` is ours when the message is in the history), or removed a reaction (`reaction.emoji` is `''`).",
  ),
  'message.edited': messageEvent(
    'A contact edited a message they sent (`edit.target`; `edit.text` is its new text or caption). The message in the history has the new text and `edited_at`. Our own edits are messages of type `edit` with the usual status events.',
  ),
  'message.revoked': messageEvent(
    'A contact deleted a message they sent for everyone (`revoke.target`). The message stays in the history with `revoked_at`. Our own deletions are messages of type `revoke` with the usual status events.',
  ),
  'poll.vote': messageEvent(
    'A contact voted on a poll (`poll_vote.target`), or changed their vote: `poll_vote.options` are the options they now have picked, `[]` when they withdrew it.',
  ),
  'contact.updated':
    "What the session knows about a contact changed: its LID or phone number was learned (from a message, a number check or WhatsApp's contact sync), its name changed, or this session blocked or unblocked it. `data` is the contact as it now is; `changed` names the fields that changed (all known ones for a new contact).",
  'presence.updated':
    'A contact whose presence the session subscribed to (`POST /v1/sessions/{id}/presence/subscribe`), or who writes in a chat of the session, came online, went offline, started or stopped typing or recording. `last_seen` when the contact shares it.',
  'group.joined':
    'The session became a member of a group: it created it, joined it by an invite code, or was added (`by`). `data.group` is the group with its participants and settings.',
  'group.updated':
    "A group's subject, description, picture or settings (`announce`: only admins send; `locked`: only admins edit the group) changed, by the session or another member (`by`). `changed` names what changed; `group` is the group as it now is.",
  'group.participants':
    'Participants were added to a group, removed (or left), promoted to admin or demoted, by the session or another admin (`by`). When the session itself is removed, `group.left_at` is set.',
  'broadcast.status':
    "A broadcast's status changed: it started (`running`), was paused (by a request, or by the server with `reason`, e.g. `MESSAGE_QUOTA_EXCEEDED` or `SESSION_LOGGED_OUT`, for a refusal that holds for every later recipient), resumed, `completed` (every recipient queued) or was `cancelled`. `progress` is as in GET /v1/broadcasts/{id} at that moment.",
  'webhook.endpoint_disabled':
    'A webhook endpoint was disabled: its deliveries failed continuously for the configured period (`reason: failing`), or it answered 410 Gone (`reason: gone`). Re-enable it with `PATCH /v1/webhooks/{id}`. Delivered to the endpoints that subscribe to it. Not about a session: `session_id` is null.',
  'webhook.test':
    'A test event, sent by `POST /v1/webhooks/{id}/test` (`wagw webhooks test`) to that one endpoint whatever it subscribes to, to check that it receives and verifies webhooks. It is not recorded: not in `GET /v1/events`, no retries. `session_id` is null and `sequence` 0.',
};

/** `session.status` → `SessionStatus`, `webhook.endpoint_disabled` → `WebhookEndpointDisabled`. */
export const pascalName = (type: string): string =>
  type
    .split(/[._]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

const schemasById = new Map<string, unknown>(sharedSchemas.map((s) => [String(s.$id), s]));

/** A JSON Schema with every `$ref` to a shared schema replaced by that schema: usable on its own. */
export function standalone(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(standalone);
  if (schema === null || typeof schema !== 'object') return schema;
  const { $ref: ref, ...rest } = schema as { $ref?: unknown };
  if (typeof ref === 'string') {
    const target = schemasById.get(ref);
    if (!target) throw new Error(`Unknown schema ${ref}`);
    // Keywords beside the reference (a description) apply too.
    return { ...(standalone(target) as object), ...(standalone(rest) as object) };
  }
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== '$id')
      .map(([key, value]) => [key, standalone(value)]),
  );
}

/**
 * The event catalog, the one source of truth for what events exist: for each type its description,
 * the schema of its `data` and an example (`GET /v1/event-types`, the OpenAPI `webhooks:` section,
 * docs/events.md, validation at emit time, the SDK's union and webhook-sim's fixtures).
 */
export interface CatalogEntry extends EventTypeDefinition {
  /** The JSON Schema of `data`, with no references. */
  schema: Record<string, unknown>;
  /** A realistic webhook body of this type. */
  example: Record<string, unknown>;
}

export const EVENT_CATALOG: readonly CatalogEntry[] = EVENT_TYPES.map((type) => ({
  type,
  description: descriptions[type],
  data: eventDataSchemas[type],
  schema: standalone(eventDataSchemas[type]) as Record<string, unknown>,
  example: eventExamples[type],
}));

const envelope = {
  id: Type.String({ description: 'The event id (`evt_…`), the same on every delivery of the event.' }),
  session_id: Nullable(Type.String({ description: 'The session the event is about; null for none.' })),
  sequence: Type.Integer({ description: 'Per-session, increasing by one per event (0 without a session).' }),
};

/** The body POSTed to webhook endpoints for each type: `{ id, type, timestamp, session_id, sequence, data }`. */
export const webhookPayloadSchemas = EVENT_CATALOG.map((entry) =>
  Type.Object(
    {
      ...envelope,
      type: Type.Literal(entry.type),
      timestamp: Type.String({ format: 'date-time', description: 'When the event happened.' }),
      data: Type.Ref(entry.data),
    },
    { $id: `${pascalName(entry.type)}WebhookPayload`, description: entry.description },
  ),
);

/** Any webhook body, discriminated by `type`. */
export const WebhookPayload = Type.Union(
  webhookPayloadSchemas.map((s) => Type.Ref(s)),
  { $id: 'WebhookPayload' },
);

/** An entry of `GET /v1/event-types`. */
export const EventTypeInfo = Type.Object(
  {
    type: Type.String({ description: 'The event type, e.g. `message.received`.' }),
    description: Type.String(),
    schema: Type.Object({}, { additionalProperties: true, description: 'JSON Schema (2020-12) of `data`.' }),
    example: Type.Object(
      {},
      { additionalProperties: true, description: 'A realistic webhook body of this type.' },
    ),
  },
  { $id: 'EventTypeInfo' },
);

type Webhooks = NonNullable<
  Extract<FastifyDynamicSwaggerOptions['openapi'], { webhooks?: unknown }>['webhooks']
>;

/** The OpenAPI 3.1 `webhooks` object: one POST per event type, with its payload and description. */
export function openApiWebhooks(): Webhooks {
  return Object.fromEntries(
    EVENT_CATALOG.map((entry) => [
      entry.type,
      {
        post: {
          operationId: `webhook${pascalName(entry.type)}`,
          summary: entry.type,
          description: entry.description,
          tags: ['webhooks'],
          parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
            name,
            in: 'header',
            required: true,
            schema: { type: 'string' },
          })),
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: `#/components/schemas/${pascalName(entry.type)}WebhookPayload` },
                example: entry.example,
              },
            },
          },
          responses: {
            '200': { description: 'Any 2xx within the timeout acknowledges the delivery.' },
            '410': { description: 'Gone: the endpoint is disabled and receives nothing more.' },
          },
        },
      },
    ]),
  );
}

/** The catalog's schemas, registered with the app (they become components of the document). */
export const catalogSchemas = [...webhookPayloadSchemas, WebhookPayload, EventTypeInfo];
