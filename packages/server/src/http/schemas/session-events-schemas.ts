import { Type } from '@sinclair/typebox';
import { Nullable, NullableTimestamp } from './common.js';
import { Identity } from './groups-schemas.js';

/** The `data` of a `session.rate_limited` event: WhatsApp limited the account, or lifted it. */
export const SessionRateLimitedData = Type.Object(
  {
    session_id: Type.String(),
    active: Type.Boolean({
      description: 'true: the limit started and the held sends wait; false: it was lifted and they go out.',
    }),
    reason: Type.Union([Type.Literal('reach_out_timelock')], {
      description:
        '`reach_out_timelock`: WhatsApp refused a message to a new chat (error 463) and holds new chats for a while.',
    }),
    scope: Type.Union([Type.Literal('new_chats')], {
      description:
        '`new_chats`: only sends to numbers the session has no chat with wait; chats already open go on.',
    }),
    until: NullableTimestamp,
    held: Type.Integer({
      minimum: 0,
      description: 'Messages waiting for the limit to lift, at this moment.',
    }),
  },
  { $id: 'SessionRateLimitedData', additionalProperties: false },
);

/** The `data` of a `presence.updated` event. */
export const PresenceUpdatedData = Type.Object(
  {
    session_id: Type.String(),
    chat_id: Type.String({
      description: 'The chat: the contact (E.164, or its LID when the phone is unknown) or a group id.',
    }),
    contact: Type.Ref(Identity),
    presence: Type.Union(
      [
        Type.Literal('available'),
        Type.Literal('unavailable'),
        Type.Literal('composing'),
        Type.Literal('recording'),
        Type.Literal('paused'),
      ],
      { description: 'Online, offline, typing, recording audio, or stopped typing.' },
    ),
    last_seen: Nullable(Type.String({ format: 'date-time', description: 'When the contact shares it.' })),
  },
  { $id: 'PresenceUpdatedData', additionalProperties: false },
);

export const sessionEventsSchemas = [SessionRateLimitedData, PresenceUpdatedData];
