import { Type } from '@sinclair/typebox';
import { SCOPES } from '../../domain/authorization.js';
import { EVENT_TYPES, MESSAGE_STATUSES, SESSION_STATUSES } from '../../domain/types.js';
import { billingSchemas } from './billing.js';
import { Nullable, NullableTimestamp, Timestamp } from './common.js';
import { keysSchemas } from './keys-schemas.js';
import { plansSchemas } from './plans-schemas.js';

const literals = (values: readonly string[]) => values.map((v) => Type.Literal(v));

export const SessionStatusSchema = Type.Union(literals(SESSION_STATUSES), { $id: 'SessionStatus' });
export const MessageStatusSchema = Type.Union(literals(MESSAGE_STATUSES), { $id: 'MessageStatus' });
export const EventTypeSchema = Type.Union(literals(EVENT_TYPES), { $id: 'EventType' });
export const ScopeSchema = Type.Union(literals(SCOPES), { $id: 'Scope' });

export const Tenant = Type.Object(
  {
    id: Type.String({ examples: ['ten_0A1b2C3d4E5f6G7h8I9j0K1l'] }),
    name: Type.String(),
    is_admin: Type.Boolean(),
    created_at: Timestamp,
    status: Type.Union([Type.Literal('active'), Type.Literal('suspended')], {
      description: "A suspended tenant's requests are refused (TENANT_SUSPENDED).",
    }),
    suspended_at: NullableTimestamp,
    suspended_reason: Nullable(Type.String()),
  },
  { $id: 'Tenant' },
);

const apiKeyFields = {
  id: Type.String(),
  tenant_id: Type.String(),
  name: Type.String(),
  mode: Type.Union([Type.Literal('live'), Type.Literal('test')]),
  prefix: Type.String({ description: 'The first characters of the key, for recognising it.' }),
  created_at: Timestamp,
  last_used_at: NullableTimestamp,
  revoked_at: NullableTimestamp,
  scopes: Nullable(
    Type.Array(Type.Ref(ScopeSchema), { description: "null: every scope the key's owner has." }),
  ),
  expires_at: NullableTimestamp,
  last_used_ip: Nullable(Type.String()),
  allowed_ips: Nullable(
    Type.Array(Type.String(), { description: 'IPs or CIDR ranges the key works from; null: any.' }),
  ),
  user_id: Nullable(Type.String({ description: 'The member or service account the key acts as.' })),
  grace_until: NullableTimestamp,
  replaced_by: Nullable(Type.String({ description: 'After a rotation, the id of the new key.' })),
};
export const ApiKey = Type.Object(apiKeyFields, { $id: 'ApiKey' });
export const ApiKeyCreated = Type.Object(
  { ...apiKeyFields, key: Type.String({ description: 'The full key. Shown only once.' }) },
  { $id: 'ApiKeyCreated' },
);

export const ApiKeyRotated = Type.Object(
  {
    ...apiKeyFields,
    key: Type.String({ description: 'The full new key. Shown only once.' }),
    replaces: Type.Ref(ApiKey, { description: 'The old key, with its grace_until and replaced_by.' }),
  },
  { $id: 'ApiKeyRotated' },
);

export const Me = Type.Object(
  {
    tenant: Type.Ref(Tenant),
    api_key: Type.Union([Type.Ref(ApiKey), Type.Null()], {
      description: 'The key making the request; null for a login token.',
    }),
  },
  { $id: 'Me' },
);

const ModeField = Type.Union([Type.Literal('live'), Type.Literal('test')], {
  description: 'Test-mode objects are seen only by test keys (wagw_test_…), live ones only by live keys.',
});

export const Session = Type.Object(
  {
    id: Type.String(),
    mode: ModeField,
    name: Type.String(),
    engine: Type.String({ examples: ['sandbox'] }),
    status: Type.Ref(SessionStatusSchema),
    status_changed_at: Timestamp,
    status_reason: Nullable(Type.String()),
    phone: Nullable(Type.String({ description: 'The paired account, E.164.' })),
    auto_pair: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Session' },
);

export const Qr = Type.Object(
  {
    session_id: Type.String(),
    qr: Type.String({ description: 'The string to render as a QR code.' }),
    expires_at: Timestamp,
  },
  { $id: 'Qr' },
);

export const Message = Type.Object(
  {
    id: Type.String(),
    session_id: Type.String(),
    direction: Type.Union([Type.Literal('outbound'), Type.Literal('inbound')]),
    type: Type.Literal('text'),
    to: Nullable(Type.String({ description: 'Phone number (E.164); null when only a LID is known.' })),
    from: Nullable(Type.String({ description: 'Phone number (E.164); null when only a LID is known.' })),
    to_lid: Nullable(
      Type.String({
        description: "The recipient's WhatsApp LID, when known.",
        examples: ['123456789012345@lid'],
      }),
    ),
    from_lid: Nullable(Type.String({ description: "The sender's WhatsApp LID, when known." })),
    text: Type.String(),
    status: Type.Ref(MessageStatusSchema),
    error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
    wa_message_id: Nullable(Type.String()),
    created_at: Timestamp,
    sent_at: NullableTimestamp,
    delivered_at: NullableTimestamp,
    read_at: NullableTimestamp,
    failed_at: NullableTimestamp,
  },
  { $id: 'Message' },
);

export const SessionStatusData = Type.Object(
  {
    session_id: Type.String(),
    status: Type.Ref(SessionStatusSchema),
    previous_status: Type.Ref(SessionStatusSchema),
    reason: Nullable(Type.String()),
    phone: Nullable(Type.String()),
  },
  { $id: 'SessionStatusData' },
);

const eventFields = {
  id: Type.String(),
  session_id: Nullable(Type.String()),
  sequence: Type.Integer({ description: 'Per-session, increasing by one per event.' }),
  created_at: Timestamp,
};

/** An event; `data` is the session status change, or the message as it was at that moment. */
export const Event = Type.Union(
  [
    Type.Object({ ...eventFields, type: Type.Literal('session.status'), data: Type.Ref(SessionStatusData) }),
    Type.Object({
      ...eventFields,
      type: Type.Union(EVENT_TYPES.filter((t) => t.startsWith('message.')).map((t) => Type.Literal(t))),
      data: Type.Ref(Message),
    }),
    Type.Object({
      ...eventFields,
      type: Type.Literal('webhook.endpoint_disabled'),
      data: Type.Object({}, { additionalProperties: true }),
    }),
  ],
  { $id: 'Event' },
);

const endpointFields = {
  id: Type.String(),
  mode: ModeField,
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Nullable(Type.String()),
  enabled: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
};
export const WebhookEndpoint = Type.Object(endpointFields, { $id: 'WebhookEndpoint' });
export const WebhookEndpointCreated = Type.Object(
  {
    ...endpointFields,
    secret: Type.String({ description: 'The signing secret (whsec_…). Shown only once.' }),
  },
  { $id: 'WebhookEndpointCreated' },
);

export const WebhookDelivery = Type.Object(
  {
    id: Type.String(),
    endpoint_id: Type.String(),
    event_id: Type.String(),
    event_type: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
    attempt_count: Type.Integer(),
    next_attempt_at: NullableTimestamp,
    created_at: Timestamp,
    attempts: Type.Array(
      Type.Object({
        attempt: Type.Integer(),
        status_code: Nullable(Type.Integer()),
        duration_ms: Type.Integer(),
        response_body: Nullable(Type.String()),
        error: Nullable(Type.String()),
        created_at: Timestamp,
      }),
    ),
  },
  { $id: 'WebhookDelivery' },
);

export const sharedSchemas = [
  SessionStatusSchema,
  MessageStatusSchema,
  EventTypeSchema,
  ScopeSchema,
  Tenant,
  ApiKey,
  ApiKeyCreated,
  ApiKeyRotated,
  Me,
  Session,
  Qr,
  Message,
  SessionStatusData,
  Event,
  WebhookEndpoint,
  WebhookEndpointCreated,
  WebhookDelivery,
  ...plansSchemas,
  ...keysSchemas,
  ...billingSchemas,
];
