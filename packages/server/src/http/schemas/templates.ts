import { type Static, type TObject, Type } from '@sinclair/typebox';
import { Timestamp } from './common.js';
import { MediaReference, MessageCaption } from './send-message.js';

const PLACEHOLDERS =
  'Placeholders are `{{name}}`: letters, digits and underscores, with optional spaces inside the braces (`{{ first_name }}`).';

const mediaKind = <K extends 'image' | 'video' | 'document'>(type: K, title: string, what: string) =>
  Type.Object(
    {
      type: Type.Literal(type),
      media: MediaReference,
      caption: MessageCaption,
    },
    {
      additionalProperties: false,
      title,
      description: `${what}; the caption may hold placeholders. ${PLACEHOLDERS}`,
    },
  );

const kinds = [
  Type.Object(
    {
      type: Type.Literal('text'),
      text: Type.String({
        minLength: 1,
        maxLength: 65536,
        examples: ['Hi {{first_name}}, your order {{order}} has shipped.'],
      }),
    },
    { additionalProperties: false, title: 'TextTemplateBody', description: `A text. ${PLACEHOLDERS}` },
  ),
  mediaKind('image', 'ImageTemplateBody', 'A JPEG or PNG image'),
  mediaKind('video', 'VideoTemplateBody', 'An MP4 or 3GP video'),
  mediaKind('document', 'DocumentTemplateBody', 'A file as a document'),
] as const;

/** What a template sends, chosen by `type` (as the send endpoint's bodies are). */
export const TemplateBody = Type.Unsafe<Static<(typeof kinds)[number]>>({
  $id: 'TemplateBody',
  type: 'object',
  required: ['type'],
  oneOf: kinds.map((k) => k as TObject),
  discriminator: { propertyName: 'type' },
  description: 'A text, or an image, video or document with an optional caption.',
});

const Variables = Type.Array(Type.String(), {
  description: 'The placeholder names of the body, in order of first appearance.',
  examples: [['first_name', 'order']],
});

export const Template = Type.Object(
  {
    id: Type.String({ examples: ['tpl_0A1b2C3d4E5f6G7h8I9j0K1l'] }),
    object: Type.Literal('template'),
    name: Type.String({ description: 'Unique in the tenant (per mode).' }),
    body: Type.Ref(TemplateBody),
    variables: Variables,
    mode: Type.Union([Type.Literal('live'), Type.Literal('test')]),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Template' },
);

export const RenderedTemplate = Type.Object(
  {
    object: Type.Literal('rendered_template'),
    template_id: Type.String(),
    name: Type.String(),
    body: Type.Ref(TemplateBody, { description: 'The body with every placeholder filled in.' }),
    variables: Variables,
  },
  { $id: 'RenderedTemplate' },
);

export const TemplateName = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'Unique in the tenant (per mode).',
  examples: ['order_shipped'],
});

export const TemplateVariables = Type.Object(
  {},
  {
    additionalProperties: Type.String({ maxLength: 65536 }),
    maxProperties: 200,
    description:
      'Values for the placeholders, by name. Every placeholder needs one (else TEMPLATE_VARIABLES_MISSING); others are ignored.',
    examples: [{ first_name: 'Ada', order: 'A-1042' }],
  },
);

export const templateSchemas = [TemplateBody, Template, RenderedTemplate];
