import { Type } from '@sinclair/typebox';
import type { TemplateBody as Body } from '../../domain/template-types.js';
import { wireRenderedTemplate, wireTemplate } from '../../domain/wire-templates.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { Deleted, ErrorResponse, ListOf, ListQuery } from '../schemas/common.js';
import {
  RenderedTemplate,
  Template,
  TemplateBody,
  TemplateName,
  TemplateVariables,
} from '../schemas/templates.js';
import { type App, page, security } from './types.js';

const tags = ['templates'];
const Params = Type.Object({ template_id: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
const notFound = {
  404: Type.Ref(ErrorResponse, {
    description: 'TEMPLATE_NOT_FOUND: no such template in this tenant and mode.',
  }),
} as const;
const nameTaken = {
  409: Type.Ref(ErrorResponse, {
    description: 'TEMPLATE_NAME_TAKEN: another template has this name; or an idempotency conflict.',
  }),
} as const;
const BAD_BODY =
  'A malformed placeholder (`{{first-name}}`, `{{}}`, an unclosed `{{`) is VALIDATION_FAILED on `body.text` or `body.caption`.';

/**
 * Message templates: CRUD, and a preview of a template rendered with variables. Writing needs
 * `messages:send`, reading and previewing `messages:read`.
 */
export function templatesRoutes(app: App, gateway: Gateway): void {
  const { templates } = gateway;

  app.post(
    '/v1/templates',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'createTemplate',
        tags,
        summary: 'Create a message template',
        description: `A text, or an image, video or document with a caption, holding \`{{name}}\` placeholders that are filled in when a message is sent from it. ${BAD_BODY}`,
        security,
        body: Type.Object(
          { name: TemplateName, body: Type.Ref(TemplateBody) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(Template), ...nameTaken },
      },
    },
    async (request, reply) => {
      const template = await templates.create(principalOf(request), {
        name: request.body.name,
        body: request.body.body as Body,
      });
      return reply.status(201).send(wireTemplate(template));
    },
  );

  app.get(
    '/v1/templates',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'listTemplates',
        tags,
        summary: 'List message templates',
        description: 'Oldest first. A test key lists test templates only, a live key live ones.',
        security,
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(Template)) },
      },
    },
    async (request) => {
      const result = await templates.list(principalOf(request), page(request.query));
      return { data: result.data.map(wireTemplate), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/templates/:template_id',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'getTemplate',
        tags,
        summary: 'Get a message template',
        security,
        params: Params,
        response: { 200: Type.Ref(Template), ...notFound },
      },
    },
    async (request) => wireTemplate(await templates.get(principalOf(request), request.params.template_id)),
  );

  app.patch(
    '/v1/templates/:template_id',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'updateTemplate',
        tags,
        summary: 'Rename a template or replace its body',
        description: `Give \`name\`, \`body\` or both; the body is replaced whole. ${BAD_BODY}`,
        security,
        params: Params,
        body: Type.Object(
          { name: Type.Optional(TemplateName), body: Type.Optional(Type.Ref(TemplateBody)) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Ref(Template), ...notFound, ...nameTaken },
      },
    },
    async (request) =>
      wireTemplate(
        await templates.update(principalOf(request), request.params.template_id, {
          name: request.body.name,
          body: request.body.body as Body | undefined,
        }),
      ),
  );

  app.delete(
    '/v1/templates/:template_id',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'deleteTemplate',
        tags,
        summary: 'Delete a message template',
        security,
        params: Params,
        response: { 200: Deleted, ...notFound },
      },
    },
    async (request) => {
      const template = await templates.delete(principalOf(request), request.params.template_id);
      return { id: template.id, deleted: true as const };
    },
  );

  app.post(
    '/v1/templates/:template_id/render',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'renderTemplate',
        tags,
        summary: 'Preview a template rendered with variables',
        description:
          'Nothing is sent or stored: the answer is the body a message sent from the template with these variables would have. A placeholder without a variable is 400 TEMPLATE_VARIABLES_MISSING (its names in the message and in `details.missing`); a rendered text over 65,536 characters or a caption over 4,096 is VALIDATION_FAILED on `variables`.',
        security,
        params: Params,
        body: Type.Object({ variables: Type.Optional(TemplateVariables) }, { additionalProperties: false }),
        response: { 200: Type.Ref(RenderedTemplate), ...notFound },
      },
    },
    async (request) => {
      const { template, body } = await templates.preview(
        principalOf(request),
        request.params.template_id,
        (request.body.variables ?? {}) as Record<string, string>,
      );
      return wireRenderedTemplate(template, body);
    },
  );
}
