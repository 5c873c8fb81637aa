import { Type } from '@sinclair/typebox';
import { PROFILE_ABOUT_MAX, PROFILE_NAME_MAX } from '../../domain/profile-types.js';
import { Nullable, NullableTimestamp } from './common.js';
import { Identity } from './groups-schemas.js';

const PictureUrl = Nullable(
  Type.String({
    description: "A short-lived URL of the picture on WhatsApp's servers; null: none (or hidden).",
  }),
);

/** The session's own WhatsApp profile. */
export const SessionProfile = Type.Object(
  {
    object: Type.Literal('session_profile'),
    session_id: Type.String(),
    phone: Nullable(Type.String({ description: 'E.164 of the linked account.' })),
    name: Nullable(Type.String({ description: 'The push name contacts see.' })),
    about: Nullable(Type.String({ description: 'The about text.' })),
    picture_url: PictureUrl,
  },
  { $id: 'SessionProfile', additionalProperties: false },
);

export const SessionProfileUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: PROFILE_NAME_MAX * 2 })),
    about: Type.Optional(Type.String({ maxLength: PROFILE_ABOUT_MAX * 2 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** What a contact shows the session. */
export const ContactProfile = Type.Object(
  {
    object: Type.Literal('contact_profile'),
    session_id: Type.String(),
    contact: Type.Ref(Identity),
    about: Nullable(Type.String()),
    about_set_at: NullableTimestamp,
    picture_url: PictureUrl,
  },
  { $id: 'ContactProfile', additionalProperties: false },
);

export const profileSchemas = [SessionProfile, ContactProfile];
