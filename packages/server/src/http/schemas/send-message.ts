import { type Static, type TObject, type TSchema, Type } from '@sinclair/typebox';

const to = Type.String({
  minLength: 1,
  maxLength: 32,
  description: 'Phone number, international format.',
  examples: ['+14155550100'],
});
const replyTo = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'The id (`msg_…`) of a message of the same chat that this one replies to (quotes).',
  }),
);
const media = Type.Union(
  [
    Type.Object(
      {
        id: Type.String({
          minLength: 1,
          maxLength: 64,
          description: 'A file uploaded with POST /v1/media (`med_…`).',
        }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        url: Type.String({
          minLength: 1,
          maxLength: 2048,
          format: 'uri',
          description:
            'An http(s) URL the server fetches (public addresses only, within the fetch timeout and the size limit); the file is typed from its bytes.',
        }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'The file: `{"id": "med_…"}` of an upload, or `{"url": "https://…"}`.' },
);
const caption = Type.Optional(Type.String({ minLength: 1, maxLength: 4096 }));

/** The file reference and the caption of a media message, for other bodies that carry one (templates). */
export { caption as MessageCaption, media as MediaReference };

const sendAt = Type.Optional(
  Type.String({
    format: 'date-time',
    description:
      'Send it at this time instead of now (ISO 8601, within a year): the message is `scheduled` until then and can be cancelled until it is sent. A time up to a minute past is sent at once. Not for `edit` and `revoke`, which have time windows.',
    examples: ['2026-12-24T09:00:00Z'],
  }),
);

const shape = <K extends string, T extends Record<string, TSchema>>(
  type: K,
  title: string,
  description: string,
  fields: T,
) =>
  Type.Object(
    { type: Type.Literal(type), to, ...fields, reply_to: replyTo, send_at: sendAt },
    { additionalProperties: false, title, description },
  );

/** A message about another message of the same chat (`message_id`). */
const targeted = <K extends string, T extends Record<string, TSchema>>(
  type: K,
  title: string,
  description: string,
  role: string,
  fields: T,
) =>
  Type.Object(
    {
      type: Type.Literal(type),
      to,
      message_id: Type.String({
        minLength: 1,
        maxLength: 64,
        description: `The message (\`msg_…\`) ${role}.`,
      }),
      ...fields,
    },
    { additionalProperties: false, title, description },
  );

const kinds = [
  shape('text', 'SendText', 'A text.', {
    text: Type.String({ minLength: 1, maxLength: 65536 }),
    mentions: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 32 }), {
        maxItems: 100,
        description: 'Phones mentioned with @ in the text (write them as @15551234567 in `text`).',
      }),
    ),
    link_preview: Type.Optional(Type.Boolean({ description: 'Let WhatsApp preview the first link.' })),
  }),
  shape('image', 'SendImage', 'A JPEG or PNG image.', { media, caption }),
  shape('video', 'SendVideo', 'An MP4 or 3GP video.', { media, caption }),
  shape('audio', 'SendAudio', 'An audio file, or a voice note with `voice: true` (Ogg/Opus).', {
    media,
    voice: Type.Optional(Type.Boolean()),
  }),
  shape('document', 'SendDocument', 'Any file WhatsApp takes, as a document.', {
    media,
    caption,
    file_name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 255, description: 'Default: the uploaded name.' }),
    ),
  }),
  shape('sticker', 'SendSticker', 'A WebP sticker.', { media }),
  shape('location', 'SendLocation', 'A place on the map.', {
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  }),
  shape('contact', 'SendContact', 'One or more contact cards (vCards are made from name and phone).', {
    contacts: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 256 }),
          phone: Type.String({ minLength: 1, maxLength: 32 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  }),
  shape('poll', 'SendPoll', 'A poll; votes come back as events.', {
    question: Type.String({ minLength: 1, maxLength: 255 }),
    options: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 2, maxItems: 12 }),
    selectable_count: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 12, description: 'How many options a voter may pick; default 1.' }),
    ),
  }),
  targeted('reaction', 'SendReaction', 'A reaction to a message of the chat, or its removal.', 'reacted to', {
    emoji: Type.String({ maxLength: 16, description: "One emoji; '' removes this account's reaction." }),
    send_at: sendAt,
  }),
  targeted(
    'edit',
    'EditMessage',
    'A new text for a text this session sent to the chat, or a new caption for its image, video or document, within 15 minutes of sending it (WhatsApp shows "Edited"). Once the edit is sent, the message has the new text and `edited_at`.',
    'to edit',
    { text: Type.String({ minLength: 1, maxLength: 65536 }) },
  ),
  targeted(
    'revoke',
    'RevokeMessage',
    'Deletes a message this session sent to the chat for everyone, within 60 hours of sending it. Once sent, the message has `revoked_at` (its content stays in the history).',
    'to delete for everyone',
    {},
  ),
  Type.Object(
    {
      type: Type.Literal('template'),
      to,
      template_id: Type.String({ minLength: 1, maxLength: 100, description: 'A template (`tpl_…`).' }),
      variables: Type.Optional(
        Type.Record(Type.String(), Type.String({ maxLength: 65536 }), {
          maxProperties: 200,
          description:
            'Values for its placeholders, by name. Every placeholder needs one (else TEMPLATE_VARIABLES_MISSING); others are ignored.',
          examples: [{ first_name: 'Ada' }],
        }),
      ),
      reply_to: replyTo,
      send_at: sendAt,
    },
    {
      additionalProperties: false,
      title: 'SendTemplate',
      description:
        "A message from a template (POST /v1/templates), rendered now with `variables`: it is stored and sent as the template's type (text, image, video or document) with the placeholders filled in.",
    },
  ),
  Type.Object(
    {
      type: Type.Literal('forward'),
      to,
      message_id: Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'Any message of the session (`msg_…`, from any chat) to send on.',
      }),
      send_at: sendAt,
    },
    {
      additionalProperties: false,
      title: 'ForwardMessage',
      description:
        "Sends a copy of a message of the session to `to`, marked forwarded: the new message has the original's type and content (files are sent again from the store).",
    },
  ),
] as const;

type Kinds = (typeof kinds)[number];

/**
 * The body of `POST /v1/sessions/{id}/messages`: one schema per `type`, chosen by the discriminator
 * (so a bad body is told what its own type lacks, not every type's requirements).
 */
export const SendMessageBody = Type.Unsafe<Static<Kinds>>({
  // An object first: the discriminator reads `type` only from an object (null or an array is refused here).
  type: 'object',
  required: ['type'],
  oneOf: kinds.map((k) => k as TObject),
  discriminator: { propertyName: 'type' },
});
