import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from './common.js';

const PHONE = Type.String({ description: 'E.164.', examples: ['+447700900123'] });
const LID = Type.String({
  description: "The contact's LID (WhatsApp's opaque id for a person).",
  examples: ['112233445566778@lid'],
});

const contactFields = {
  id: Type.String({
    description: 'The phone number (E.164), or the LID when the phone is not known.',
    examples: ['+447700900123'],
  }),
  object: Type.Literal('contact'),
  session_id: Type.String(),
  phone: Nullable(PHONE),
  lid: Nullable(LID),
  name: Nullable(
    Type.String({
      description: 'The push name the contact set in WhatsApp, or the name WhatsApp gave for it.',
      examples: ['Ada'],
    }),
  ),
  blocked: Type.Boolean({ description: 'This session blocked the contact.' }),
  updated_at: Timestamp,
};

export const Contact = Type.Object(contactFields, { $id: 'Contact' });

/** The `data` of a `contact.updated` event: the contact as it now is, and what changed. */
export const ContactUpdatedData = Type.Object(
  {
    ...contactFields,
    changed: Type.Array(
      Type.Union([Type.Literal('phone'), Type.Literal('lid'), Type.Literal('name'), Type.Literal('blocked')]),
      { description: 'The fields that changed (all known ones for a new contact).' },
    ),
  },
  { $id: 'ContactUpdatedData', additionalProperties: false },
);

export const LidMapping = Type.Object(
  {
    id: Type.String({ description: 'The LID (the cursor of the list).', examples: ['112233445566778@lid'] }),
    object: Type.Literal('lid_mapping'),
    lid: LID,
    phone: PHONE,
  },
  { $id: 'LidMapping' },
);

export const NumberCheck = Type.Object(
  {
    phone: PHONE,
    on_whatsapp: Type.Boolean({ description: 'The number has a WhatsApp account.' }),
    lid: Nullable(LID),
  },
  { $id: 'NumberCheck' },
);

export const contactsSchemas = [Contact, ContactUpdatedData, LidMapping, NumberCheck];
