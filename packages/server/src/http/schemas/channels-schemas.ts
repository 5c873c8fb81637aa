import { Type } from '@sinclair/typebox';
import { Nullable, NullableTimestamp, Timestamp } from './common.js';

/** A WhatsApp channel (newsletter). */
export const Channel = Type.Object(
  {
    object: Type.Literal('channel'),
    id: Type.String({ description: '`digits@newsletter`.', examples: ['120363012345678901@newsletter'] }),
    session_id: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    invite_url: Nullable(Type.String({ description: 'https://whatsapp.com/channel/<code>' })),
    subscribers: Nullable(Type.Integer({ minimum: 0 })),
    role: Type.Union([Type.Literal('owner'), Type.Literal('follower'), Type.Literal('guest')], {
      description: '`owner`: the session may post to it; `follower`: it follows it; `guest`: neither.',
    }),
    verified: Type.Boolean(),
    created_at: NullableTimestamp,
    updated_at: Timestamp,
  },
  { $id: 'Channel', additionalProperties: false },
);

export const channelsSchemas = [Channel];
