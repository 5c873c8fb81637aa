import { templateVariables } from './template-render.js';
import type { Template, TemplateBody } from './template-types.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The public shape of a template: its body, and the placeholder names it needs. */
export const wireTemplate = (t: Template) => ({
  id: t.id,
  object: 'template' as const,
  name: t.name,
  body: t.body,
  variables: templateVariables(t.body),
  mode: t.mode,
  created_at: iso(t.createdAt),
  updated_at: iso(t.updatedAt),
});

/** A rendered template: what would be sent, and which placeholders were filled. */
export const wireRenderedTemplate = (t: Template, body: TemplateBody) => ({
  object: 'rendered_template' as const,
  template_id: t.id,
  name: t.name,
  body,
  variables: templateVariables(t.body),
});
