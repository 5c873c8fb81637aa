import { type TSchema, Type } from '@sinclair/typebox';
import { SCOPES } from '../../domain/authorization.js';
import { MESSAGE_TYPES } from '../../domain/message-body.js';
import { EVENT_TYPES, type EventType, MESSAGE_STATUSES, SESSION_STATUSES } from '../../domain/types.js';
import { billingSchemas } from './billing.js';
import { BroadcastStatusData, broadcastSchemas } from './broadcasts.js';
import { channelsSchemas } from './channels-schemas.js';
import { Nullable, NullableTimestamp, Timestamp } from './common.js';
import { ContactUpdatedData, contactsSchemas } from './contacts-schemas.js';
import {
  GroupJoinedData,
  GroupParticipantsData,
  GroupUpdatedData,
  groupsSchemas,
  MessageReceiptData,
} from './groups-schemas.js';
import { keysSchemas } from './keys-schemas.js';
import { mediaSchemas } from './media.js';
import { pacingSchemas } from './pacing-schemas.js';
import { plansSchemas } from './plans-schemas.js';
import { profileSchemas } from './profile-schemas.js';
import {
  PresenceUpdatedData,
  SessionRateLimitedData,
  sessionEventsSchemas,
} from './session-events-schemas.js';
import { templateSchemas } from './templates.js';

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

const MessageRefSchema = Type.Object({
  message_id: Nullable(
    Type.String({ description: 'Our id of the message, when it is in the history (`msg_…`).' }),
  ),
  wa_message_id: Type.String(),
  from_me: Type.Boolean({ description: "Whether the session's account sent it." }),
  text: Nullable(Type.String({ description: 'Its text or caption, as quoted.' })),
});

export const Message = Type.Object(
  {
    id: Type.String(),
    session_id: Type.String(),
    direction: Type.Union([Type.Literal('outbound'), Type.Literal('inbound')]),
    type: Type.Unsafe<(typeof MESSAGE_TYPES)[number]>({ type: 'string', enum: [...MESSAGE_TYPES] }),
    to: Nullable(Type.String({ description: 'Phone number (E.164); null when only a LID is known.' })),
    from: Nullable(Type.String({ description: 'Phone number (E.164); null when only a LID is known.' })),
    to_lid: Nullable(
      Type.String({
        description: "The recipient's WhatsApp LID, when known.",
        examples: ['123456789012345@lid'],
      }),
    ),
    from_lid: Nullable(Type.String({ description: "The sender's WhatsApp LID, when known." })),
    text: Nullable(
      Type.String({ description: 'The text of a text message, or the caption of a media message.' }),
    ),
    mentions: Type.Array(Type.String(), { description: 'Phones mentioned with @ (text messages).' }),
    media: Nullable(
      Type.Object({
        id: Nullable(Type.String({ description: 'The stored file (`med_…`): GET /v1/media/{id}.' })),
        content_type: Type.String(),
        size: Nullable(Type.Integer()),
        file_name: Nullable(Type.String()),
        voice: Type.Boolean({ description: 'audio: a voice note.' }),
      }),
    ),
    location: Nullable(
      Type.Object({
        latitude: Type.Number(),
        longitude: Type.Number(),
        name: Nullable(Type.String()),
        address: Nullable(Type.String()),
      }),
    ),
    contacts: Nullable(
      Type.Array(Type.Object({ name: Type.String(), phone: Nullable(Type.String()), vcard: Type.String() })),
    ),
    poll: Nullable(
      Type.Object({
        question: Type.String(),
        options: Type.Array(Type.String()),
        selectable_count: Type.Integer(),
      }),
    ),
    reaction: Nullable(
      Type.Object({
        target: MessageRefSchema,
        emoji: Type.String({ description: "The emoji; '' when the reaction was removed." }),
      }),
    ),
    edit: Nullable(
      Type.Object(
        { target: MessageRefSchema, text: Type.String({ description: 'The new text or caption.' }) },
        { description: 'An edit (type `edit`): the message it changes and its new words.' },
      ),
    ),
    revoke: Nullable(
      Type.Object(
        { target: MessageRefSchema },
        { description: 'A deletion for everyone (type `revoke`): the message it deletes.' },
      ),
    ),
    poll_vote: Nullable(
      Type.Object(
        {
          target: MessageRefSchema,
          options: Type.Array(Type.String(), {
            description: 'The options the voter now has picked; [] when the vote was withdrawn.',
          }),
        },
        { description: 'A vote (type `poll_vote`) on the poll `target`.' },
      ),
    ),
    reply_to: Nullable(MessageRefSchema),
    forwarded: Type.Boolean({ description: 'Sent on as a forward of another message.' }),
    edited_at: NullableTimestamp,
    revoked_at: NullableTimestamp,
    send_at: Nullable(
      Type.String({
        format: 'date-time',
        description: 'When a scheduled message is (or was) to be sent; null: sent as soon as it could be.',
      }),
    ),
    cancelled_at: NullableTimestamp,
    status: Type.Ref(MessageStatusSchema),
    error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
    wa_message_id: Nullable(Type.String()),
    created_at: Timestamp,
    sent_at: NullableTimestamp,
    delivered_at: NullableTimestamp,
    read_at: NullableTimestamp,
    failed_at: NullableTimestamp,
  },
  {
    $id: 'Message',
    description:
      'A message of any type: `type` says which of `text`, `media`, `location`, `contacts`, `poll`, `reaction`, `edit`, `revoke` and `poll_vote` it carries (the others are null). An edited message has its new text and `edited_at`; one deleted for everyone has `revoked_at`.',
  },
);

export const SessionStatusData = Type.Object(
  {
    session_id: Type.String(),
    status: Type.Ref(SessionStatusSchema, { description: 'The new status.' }),
    previous_status: Type.Ref(SessionStatusSchema),
    reason: Nullable(Type.String({ description: 'Why, when known (e.g. `device_removed`).' })),
    phone: Nullable(Type.String({ description: 'The paired account, E.164, when known.' })),
  },
  { $id: 'SessionStatusData' },
);

/** The `data` of a `webhook.endpoint_disabled` event. */
export const WebhookEndpointDisabledData = Type.Object(
  {
    endpoint_id: Type.String({ examples: ['whk_0A1b2C3d4E5f6G7h8I9j0K1l'] }),
    url: Type.String(),
    reason: Type.Union([Type.Literal('failing'), Type.Literal('gone')], {
      description:
        '`failing`: every delivery failed for the configured period; `gone`: the endpoint answered 410.',
    }),
    failing_since: NullableTimestamp,
    disabled_at: Timestamp,
  },
  { $id: 'WebhookEndpointDisabledData', additionalProperties: false },
);

/** The `data` of a `webhook.test` event. */
export const WebhookTestData = Type.Object(
  {
    endpoint_id: Type.String({ examples: ['whk_0A1b2C3d4E5f6G7h8I9j0K1l'] }),
    message: Type.String(),
  },
  { $id: 'WebhookTestData', additionalProperties: false },
);

/** The schema of each event type's `data` (the event catalog, event-catalog.ts, describes them). */
export const eventDataSchemas: { [K in EventType]: TSchema } = {
  'session.status': SessionStatusData,
  'session.rate_limited': SessionRateLimitedData,
  'message.sent': Message,
  'message.delivered': Message,
  'message.read': Message,
  'message.receipt': MessageReceiptData,
  'message.failed': Message,
  'message.cancelled': Message,
  'message.received': Message,
  'message.reaction': Message,
  'message.edited': Message,
  'message.revoked': Message,
  'poll.vote': Message,
  'contact.updated': ContactUpdatedData,
  'presence.updated': PresenceUpdatedData,
  'group.joined': GroupJoinedData,
  'group.updated': GroupUpdatedData,
  'group.participants': GroupParticipantsData,
  'broadcast.status': BroadcastStatusData,
  'webhook.endpoint_disabled': WebhookEndpointDisabledData,
  'webhook.test': WebhookTestData,
};

const eventFields = {
  id: Type.String(),
  session_id: Nullable(Type.String()),
  sequence: Type.Integer({ description: 'Per-session, increasing by one per event.' }),
  created_at: Timestamp,
};

/** An event, discriminated by `type`; `data` has the shape the catalog gives that type. */
export const Event = Type.Union(
  EVENT_TYPES.map((type) =>
    Type.Object({ ...eventFields, type: Type.Literal(type), data: Type.Ref(eventDataSchemas[type]) }),
  ),
  { $id: 'Event' },
);

const endpointFields = {
  id: Type.String(),
  mode: ModeField,
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Nullable(Type.String()),
  enabled: Type.Boolean(),
  retry_schedule: Nullable(
    Type.Array(Type.Integer({ minimum: 0 }), {
      description:
        "Seconds before each attempt (the first is the wait before the first try, usually 0), each ±10% jitter; null: the server's schedule (0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h by default).",
    }),
  ),
  disable_after_seconds: Nullable(
    Type.Integer({
      description:
        "Failing continuously this long disables the endpoint; null: the server's period (5 days by default).",
    }),
  ),
  failing_since: Nullable(
    Type.String({
      format: 'date-time',
      description: 'Since when every attempt has failed; null when the last one succeeded.',
    }),
  ),
  disabled_reason: Nullable(
    Type.Union([Type.Literal('failing'), Type.Literal('gone')], {
      description:
        'Why the server disabled the endpoint: `failing` for its disable period, or `gone` (it answered 410). Null when enabled or disabled by you; enabling it again clears it.',
    }),
  ),
  disabled_at: NullableTimestamp,
  previous_secret_expires_at: Nullable(
    Type.String({
      format: 'date-time',
      description:
        'After a secret rotation, until then every delivery is signed with the previous secret as well.',
    }),
  ),
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
export const WebhookSecretRotated = Type.Object(
  {
    ...endpointFields,
    secret: Type.String({ description: 'The new signing secret (whsec_…). Shown only once.' }),
  },
  { $id: 'WebhookSecretRotated' },
);
/** What a test event's POST got: nothing is stored. */
export const WebhookTestResult = Type.Object(
  {
    event_id: Type.String({ description: 'The `webhook-id` of the test event.' }),
    ok: Type.Boolean({ description: 'The endpoint answered 2xx.' }),
    status_code: Nullable(Type.Integer()),
    duration_ms: Type.Integer(),
    response_body: Nullable(Type.String({ description: 'The first bytes of the answer.' })),
    error: Nullable(Type.String()),
  },
  { $id: 'WebhookTestResult' },
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
        request_headers: Nullable(
          Type.Record(Type.String(), Type.String(), {
            description: 'The headers sent, without the signature.',
          }),
        ),
        status_code: Nullable(Type.Integer()),
        response_headers: Nullable(Type.Record(Type.String(), Type.String())),
        duration_ms: Type.Integer(),
        response_body: Nullable(Type.String()),
        error: Nullable(Type.String()),
        created_at: Timestamp,
      }),
    ),
  },
  { $id: 'WebhookDelivery' },
);

export const Chat = Type.Object(
  {
    id: Type.String({
      description: "The other party's phone (E.164), or its LID.",
      examples: ['+14155550100'],
    }),
    object: Type.Literal('chat'),
    session_id: Type.String(),
    last_message: Type.Ref(Message),
    unread_count: Type.Integer({
      minimum: 0,
      description: 'Inbound messages after the chat was last marked read.',
    }),
  },
  { $id: 'Chat' },
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
  WebhookEndpointDisabledData,
  WebhookTestData,
  Event,
  WebhookEndpoint,
  WebhookEndpointCreated,
  WebhookSecretRotated,
  WebhookTestResult,
  WebhookDelivery,
  ...plansSchemas,
  ...keysSchemas,
  ...billingSchemas,
  ...mediaSchemas,
  ...templateSchemas,
  ...broadcastSchemas,
  Chat,
  ...contactsSchemas,
  ...groupsSchemas,
  ...pacingSchemas,
  ...channelsSchemas,
  ...profileSchemas,
  ...sessionEventsSchemas,
];
