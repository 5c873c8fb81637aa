import { Type } from '@sinclair/typebox';
import { NullableInput, Timestamp } from './common.js';

const PerMinute = Type.Integer({ minimum: 1, maximum: 6000 });
const NewChatsPerHour = Type.Integer({ minimum: 1, maximum: 100_000 });

/** A session's pace and WhatsApp's hold on its new chats. */
export const SessionPacing = Type.Object(
  {
    object: Type.Literal('session_pacing'),
    session_id: Type.String(),
    per_minute: Type.Union([PerMinute, Type.Null()], {
      description: 'Messages a minute, spaced evenly with ±30% jitter; null: unlimited.',
    }),
    new_chats_per_hour: Type.Union([NewChatsPerHour, Type.Null()], {
      description:
        'Messages to numbers the session has no chat with (it never wrote to them, nor they to it), per rolling hour; null: unlimited.',
    }),
    custom: Type.Boolean({
      description:
        "false: the server's default pace for the session's engine (sandbox sessions are not paced).",
    }),
    hold: Type.Union(
      [
        Type.Object(
          {
            reason: Type.Literal('reach_out_timelock'),
            until: Timestamp,
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      {
        description:
          "WhatsApp's hold on new chats (after a 463): sends to new chats wait until it lifts, other chats go on.",
      },
    ),
  },
  { $id: 'SessionPacing', additionalProperties: false },
);

export const SessionPacingUpdate = Type.Object(
  {
    per_minute: Type.Optional(NullableInput(PerMinute)),
    new_chats_per_hour: Type.Optional(NullableInput(NewChatsPerHour)),
    reset: Type.Optional(
      Type.Literal(true, { description: "Back to the server's default pace (other fields must be absent)." }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const pacingSchemas = [SessionPacing];
