/** Types of message templates, aliases of `generated/openapi.ts` (see types.ts). */
import type { components, operations } from './generated/openapi.js';

type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type JsonResponse<Op, Status extends number> = Op extends {
  responses: { [S in Status]: { content: { 'application/json': infer R } } };
}
  ? R
  : never;

/** What a template sends: a text, or an image, video or document with an optional caption. */
export type TemplateBody = components['schemas']['TemplateBody'];
export type Template = components['schemas']['Template'];
/** A template's body with its placeholders filled in (`templates.render`). */
export type RenderedTemplate = components['schemas']['RenderedTemplate'];
export type TemplateDeleted = JsonResponse<operations['deleteTemplate'], 200>;

export type TemplateCreateParams = JsonBody<operations['createTemplate']>;
export type TemplateUpdateParams = JsonBody<operations['updateTemplate']>;
export type TemplateRenderParams = JsonBody<operations['renderTemplate']>;
/** Every query parameter is optional on the wire (the server fills in defaults). */
export type TemplateListParams = Partial<NonNullable<operations['listTemplates']['parameters']['query']>>;
