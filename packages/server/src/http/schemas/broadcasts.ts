import { Type } from '@sinclair/typebox';
import { MAX_RECIPIENTS } from '../../domain/broadcast-recipients.js';
import { BROADCAST_STATUSES } from '../../domain/broadcast-types.js';
import { Nullable, NullableTimestamp, Timestamp } from './common.js';
import { TemplateBody, TemplateVariables } from './templates.js';

const Counts = {
  total: Type.Integer({ description: 'Recipients.' }),
  pending: Type.Integer({ description: 'Recipients not yet queued.' }),
  queued: Type.Integer({
    description: 'Recipients whose message was accepted (see `messages` for how far each got).',
  }),
  failed: Type.Integer({ description: 'Recipients whose message was refused (their `error` says why).' }),
  skipped: Type.Integer({ description: 'Recipients not queued because the broadcast was cancelled.' }),
};

export const BroadcastStatusSchema = Type.Union(
  BROADCAST_STATUSES.map((s) => Type.Literal(s)),
  { $id: 'BroadcastStatus' },
);

export const BroadcastProgress = Type.Object(
  {
    ...Counts,
    messages: Type.Object(
      {
        queued: Type.Integer({ description: 'Accepted, not yet sent.' }),
        sent: Type.Integer({ description: 'Sent, including those since delivered or read.' }),
        delivered: Type.Integer({ description: 'Delivered, including those since read.' }),
        read: Type.Integer(),
        failed: Type.Integer(),
        cancelled: Type.Integer(),
      },
      { description: "The recipients' messages by how far they got." },
    ),
  },
  { $id: 'BroadcastProgress' },
);

export const Broadcast = Type.Object(
  {
    id: Type.String({ examples: ['brd_0A1b2C3d4E5f6G7h8I9j0K1l'] }),
    object: Type.Literal('broadcast'),
    session_id: Type.String(),
    name: Nullable(Type.String()),
    status: Type.Ref(BroadcastStatusSchema, {
      description:
        '`queued` (created) → `running` → `completed` once every recipient is queued; `paused` (by a request, or with a `status_reason` such as MESSAGE_QUOTA_EXCEEDED) and `cancelled`.',
    }),
    status_reason: Nullable(
      Type.String({ description: 'The error code that paused it, when not a request.' }),
    ),
    message: Type.Ref(TemplateBody),
    template_id: Nullable(Type.String()),
    per_minute: Type.Integer(),
    progress: Type.Ref(BroadcastProgress),
    created_at: Timestamp,
    started_at: NullableTimestamp,
    finished_at: NullableTimestamp,
  },
  { $id: 'Broadcast' },
);

export const BroadcastRecipient = Type.Object(
  {
    position: Type.Integer({ description: 'Its place in the list (0-based; CSV row = position + 2).' }),
    to: Type.String(),
    variables: Type.Record(Type.String(), Type.String()),
    state: Type.Union([
      Type.Literal('pending'),
      Type.Literal('queued'),
      Type.Literal('failed'),
      Type.Literal('skipped'),
    ]),
    message_id: Nullable(Type.String()),
    error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  },
  { $id: 'BroadcastRecipient' },
);

export const CreateBroadcastBody = Type.Object(
  {
    session_id: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    message: Type.Optional(
      Type.Ref(TemplateBody, { description: 'The message; `{{name}}` is filled in from each recipient.' }),
    ),
    template_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Or a template.' })),
    recipients: Type.Optional(
      Type.Array(
        Type.Object(
          {
            to: Type.String({ minLength: 1, maxLength: 32 }),
            variables: Type.Optional(TemplateVariables),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: MAX_RECIPIENTS },
      ),
    ),
    csv: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 4_000_000,
        description:
          "Or the recipients as CSV: a header row with a `phone` (or `to`, `number`) column; the other columns are each row's variables.",
        examples: ['phone,first_name\n+14155550100,Ada\n+14155550101,Grace\n'],
      }),
    ),
    per_minute: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 6000,
        default: 20,
        description:
          'How many recipients are queued a minute (each wait varies ±30 %). The default, 20, is what a careful sender would choose; fast rates risk the account.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The `data` of a `broadcast.status` event. */
export const BroadcastStatusData = Type.Object(
  {
    broadcast_id: Type.String({ examples: ['brd_0A1b2C3d4E5f6G7h8I9j0K1l'] }),
    session_id: Type.String(),
    status: Type.Ref(BroadcastStatusSchema),
    previous_status: Type.Ref(BroadcastStatusSchema),
    reason: Nullable(
      Type.String({
        description: 'The error code that paused it (e.g. MESSAGE_QUOTA_EXCEEDED); null for a request.',
      }),
    ),
    progress: Type.Ref(BroadcastProgress),
  },
  { $id: 'BroadcastStatusData' },
);

export const broadcastSchemas = [
  BroadcastStatusSchema,
  BroadcastProgress,
  Broadcast,
  BroadcastRecipient,
  BroadcastStatusData,
];
