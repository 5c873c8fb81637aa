import type { Mode } from './types.js';

/** The media message types a template can be. */
export type TemplateMediaType = 'image' | 'video' | 'document';

/**
 * What a template sends: a text, or a file with an optional caption. `{{name}}` placeholders may
 * appear in the text and in the caption.
 */
export type TemplateBody =
  | { type: 'text'; text: string }
  | { type: TemplateMediaType; media: { id: string } | { url: string }; caption?: string | undefined };

/** A tenant's message template. Test keys see only test templates. */
export interface Template {
  id: string;
  tenantId: string;
  mode: Mode;
  /** Unique per tenant and mode. */
  name: string;
  body: TemplateBody;
  createdAt: number;
  updatedAt: number;
}
