import { Type } from '@sinclair/typebox';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import {
  Deleted,
  ErrorResponse,
  errorResponses,
  ListOf,
  ListQuery,
  SHOWN_ONCE,
  secretNotReplayable,
} from '../schemas/common.js';
import { WebhookDelivery, WebhookEndpoint, WebhookEndpointCreated } from '../schemas/resources.js';
import { type App, page, security } from './types.js';

const tags = ['webhooks'];
const Params = Type.Object({ webhook_id: Type.String() });
const Events = Type.Array(Type.String({ examples: ['message.*'] }), {
  minItems: 1,
  maxItems: 50,
  description: 'Event types to send; "*" for all, or a family such as "message.*".',
});

export function webhooksRoutes(app: App, gateway: Gateway): void {
  const { webhooks } = gateway;

  app.post(
    '/v1/webhooks',
    {
      config: { action: 'webhooks:manage', secretField: 'secret' },
      schema: {
        operationId: 'createWebhook',
        tags,
        summary: 'Create a webhook endpoint (the signing secret is shown only in this response)',
        description: SHOWN_ONCE,
        security,
        body: Type.Object(
          {
            url: Type.String({ minLength: 1, maxLength: 2048 }),
            events: Type.Optional(Events),
            description: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Ref(WebhookEndpointCreated),
          422: Type.Ref(ErrorResponse, {
            description: 'WEBHOOK_URL_NOT_ALLOWED, or IDEMPOTENCY_KEY_REUSED.',
          }),
          ...errorResponses,
          ...secretNotReplayable,
        },
      },
    },
    async (request, reply) => {
      const { endpoint, secret } = await webhooks.create(principalOf(request), request.body);
      return reply.status(201).send({ ...wire.webhookEndpoint(endpoint), secret });
    },
  );

  app.get(
    '/v1/webhooks',
    {
      config: { action: 'webhooks:manage' },
      schema: {
        operationId: 'listWebhooks',
        tags,
        summary: 'List webhook endpoints',
        security,
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(WebhookEndpoint)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await webhooks.list(principalOf(request), page(request.query));
      return { data: result.data.map(wire.webhookEndpoint), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/webhooks/:webhook_id',
    {
      config: { action: 'webhooks:manage' },
      schema: {
        operationId: 'getWebhook',
        tags,
        summary: 'Get a webhook endpoint',
        security,
        params: Params,
        response: { 200: Type.Ref(WebhookEndpoint), ...errorResponses },
      },
    },
    async (request) =>
      wire.webhookEndpoint(await webhooks.get(principalOf(request), request.params.webhook_id)),
  );

  app.patch(
    '/v1/webhooks/:webhook_id',
    {
      config: { action: 'webhooks:manage' },
      schema: {
        operationId: 'updateWebhook',
        tags,
        summary: 'Update a webhook endpoint',
        security,
        params: Params,
        body: Type.Object(
          {
            url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
            events: Type.Optional(Events),
            description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Ref(WebhookEndpoint),
          422: Type.Ref(ErrorResponse, { description: 'WEBHOOK_URL_NOT_ALLOWED.' }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      wire.webhookEndpoint(
        await webhooks.update(principalOf(request), request.params.webhook_id, request.body),
      ),
  );

  app.delete(
    '/v1/webhooks/:webhook_id',
    {
      config: { action: 'webhooks:manage' },
      schema: {
        operationId: 'deleteWebhook',
        tags,
        summary: 'Delete a webhook endpoint',
        security,
        params: Params,
        response: { 200: Deleted, ...errorResponses },
      },
    },
    async (request) => {
      await webhooks.delete(principalOf(request), request.params.webhook_id);
      return { id: request.params.webhook_id, deleted: true as const };
    },
  );

  app.get(
    '/v1/webhooks/:webhook_id/deliveries',
    {
      config: { action: 'webhooks:manage' },
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: 'Deliveries to an endpoint, newest first, with every attempt',
        security,
        params: Params,
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(WebhookDelivery)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await webhooks.deliveries(
        principalOf(request),
        request.params.webhook_id,
        page(request.query),
      );
      return { data: result.data.map(wire.webhookDelivery), has_more: result.hasMore };
    },
  );
}
