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
  NullableInput,
  SHOWN_ONCE,
  secretNotReplayable,
} from '../schemas/common.js';
import {
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreated,
  WebhookSecretRotated,
  WebhookTestResult,
} from '../schemas/resources.js';
import { type App, page, security } from './types.js';

const tags = ['webhooks'];
const Params = Type.Object({ webhook_id: Type.String() });
const Events = Type.Array(Type.String({ examples: ['message.*'] }), {
  minItems: 1,
  maxItems: 50,
  description: 'Event types to send; "*" for all, or a family such as "message.*".',
});
const RetrySchedule = NullableInput(
  Type.Array(Type.Integer({ minimum: 0, maximum: 604_800 }), {
    minItems: 1,
    maxItems: 50,
    description:
      "Seconds to wait before each attempt (first usually 0), each with ±10% jitter and never sooner than the receiver's Retry-After; null: the server's schedule.",
    examples: [[0, 5, 300, 1800, 7200]],
  }),
);
const DisableAfter = NullableInput(
  Type.Integer({
    minimum: 60,
    maximum: 7_776_000,
    description:
      "Failing continuously this long (seconds) disables the endpoint, with a `webhook.endpoint_disabled` event; null: the server's period (5 days).",
  }),
);
/** The endpoint's settings a create or an update may give. */
const settings = {
  events: Type.Optional(Events),
  retry_schedule: Type.Optional(RetrySchedule),
  disable_after_seconds: Type.Optional(DisableAfter),
};
const params = (body: {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
  retry_schedule?: number[] | null;
  disable_after_seconds?: number | null;
}) => ({
  url: body.url,
  events: body.events,
  description: body.description,
  enabled: body.enabled,
  retrySchedule: body.retry_schedule,
  disableAfterSeconds: body.disable_after_seconds,
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
            ...settings,
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
      const { endpoint, secret } = await webhooks.create(principalOf(request), params(request.body));
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
            ...settings,
            description: Type.Optional(NullableInput(Type.String({ maxLength: 500 }))),
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
        await webhooks.update(principalOf(request), request.params.webhook_id, params(request.body)),
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

  app.post(
    '/v1/webhooks/:webhook_id/rotate-secret',
    {
      config: { action: 'webhooks:manage', secretField: 'secret' },
      schema: {
        operationId: 'rotateWebhookSecret',
        tags,
        summary: 'Rotate the signing secret (the new one is shown only in this response)',
        description: `Deliveries are signed with both the new and the previous secret until \`previous_secret_expires_at\` (two signatures in \`webhook-signature\`), so a receiver can switch without rejecting one. ${SHOWN_ONCE}`,
        security,
        params: Params,
        body: Type.Optional(
          Type.Object(
            {
              overlap_seconds: Type.Optional(
                Type.Integer({
                  minimum: 0,
                  maximum: 604_800,
                  default: 86_400,
                  description: 'How long the previous secret keeps signing (0: not at all; at most 7 days).',
                }),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 200: Type.Ref(WebhookSecretRotated), ...errorResponses, ...secretNotReplayable },
      },
    },
    async (request) => {
      const { endpoint, secret } = await webhooks.rotateSecret(
        principalOf(request),
        request.params.webhook_id,
        request.body?.overlap_seconds,
      );
      return { ...wire.webhookEndpoint(endpoint), secret };
    },
  );

  app.post(
    '/v1/webhooks/:webhook_id/test',
    {
      config: { action: 'webhooks:manage' },
      schema: {
        operationId: 'testWebhook',
        tags,
        summary: 'POST a signed `webhook.test` event to the endpoint now and return its answer',
        description:
          'Nothing is stored and no other endpoint receives it; the endpoint need not subscribe to it. A receiver that does not answer 2xx gives `ok: false` (still a 200 here).',
        security,
        params: Params,
        response: { 200: Type.Ref(WebhookTestResult), ...errorResponses },
      },
    },
    async (request) => {
      const r = await webhooks.sendTest(principalOf(request), request.params.webhook_id);
      return {
        event_id: r.eventId,
        ok: r.ok,
        status_code: r.statusCode,
        duration_ms: r.durationMs,
        response_body: r.responseBody,
        error: r.error,
      };
    },
  );

  app.post(
    '/v1/webhooks/:webhook_id/resend',
    {
      config: { action: 'webhooks:manage' },
      schema: {
        operationId: 'resendWebhookEvent',
        tags,
        summary: 'Queue one event to the endpoint again, with the same `webhook-id`',
        description:
          'A new delivery with its own attempts, whatever became of the earlier ones; the endpoint must be enabled to receive it.',
        security,
        params: Params,
        body: Type.Object(
          { event_id: Type.String({ minLength: 1, examples: ['evt_0A1b2C3d4E5f6G7h8I9j0K1l'] }) },
          { additionalProperties: false },
        ),
        response: { 202: Type.Ref(WebhookDelivery), ...errorResponses },
      },
    },
    async (request, reply) => {
      const delivery = await webhooks.resend(
        principalOf(request),
        request.params.webhook_id,
        request.body.event_id,
      );
      return reply.status(202).send(wire.webhookDelivery(delivery));
    },
  );

  app.post(
    '/v1/webhooks/:webhook_id/recover',
    {
      config: { action: 'webhooks:manage' },
      schema: {
        operationId: 'recoverWebhookEvents',
        tags,
        summary: 'Queue again every event whose deliveries to the endpoint failed in a time range',
        description:
          'Events whose deliveries created in [`since`, `until`) all failed are queued once more (at most 10,000 a call); one that is already pending again is not queued twice.',
        security,
        params: Params,
        body: Type.Object(
          {
            since: Type.String({ format: 'date-time' }),
            until: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now.' })),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ queued: Type.Integer({ description: 'Deliveries queued.' }) }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { since, until } = request.body;
      const result = await webhooks.recover(principalOf(request), request.params.webhook_id, {
        since: Date.parse(since),
        until: until === undefined ? undefined : Date.parse(until),
      });
      return reply.status(202).send(result);
    },
  );
}
