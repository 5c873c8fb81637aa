import { Type } from '@sinclair/typebox';
import type { TemplateBody } from '../../domain/template-types.js';
import { wireBroadcast, wireRecipient } from '../../domain/wire-broadcasts.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { Broadcast, BroadcastRecipient, CreateBroadcastBody } from '../schemas/broadcasts.js';
import { ErrorResponse, ListOf, ListQuery } from '../schemas/common.js';
import { type App, page, security } from './types.js';

const tags = ['broadcasts'];
const Params = Type.Object(
  { broadcast_id: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
);
const notFound = {
  404: Type.Ref(ErrorResponse, {
    description: 'BROADCAST_NOT_FOUND: no such broadcast in this tenant and mode.',
  }),
} as const;
const conflict = {
  409: Type.Ref(ErrorResponse, {
    description: 'BROADCAST_STATE_CONFLICT: the broadcast is not in a state that allows this.',
  }),
} as const;

/** Broadcasts: create (JSON recipients or CSV), follow, pause, resume, cancel. */
export function broadcastsRoutes(app: App, gateway: Gateway): void {
  app.post(
    '/v1/broadcasts',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'createBroadcast',
        tags,
        summary: 'Send one message to many recipients, at a pace',
        description:
          'Takes `message` (a text or a file with a caption, with `{{name}}` placeholders) or `template_id`, and `recipients` or `csv`. Every recipient is checked first — a bad or repeated number, or a row without a value for a placeholder, is a 400 naming the rows, and nothing is stored. Then the recipients are queued one at a time, `per_minute` a minute with jitter, each as a normal message of the session (with its status life and events). Survives restarts: it goes on where it stopped, and no recipient gets two messages.',
        security,
        body: CreateBroadcastBody,
        response: { 201: Type.Ref(Broadcast), ...notFound },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const view = await gateway.broadcasts.create(principalOf(request), {
        ...body,
        message: body.message as TemplateBody | undefined,
      });
      return reply.status(201).send(wireBroadcast(view));
    },
  );

  app.get(
    '/v1/broadcasts',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'listBroadcasts',
        tags,
        summary: 'List broadcasts, newest first, with their progress',
        security,
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(Broadcast)) },
      },
    },
    async (request) => {
      const result = await gateway.broadcasts.list(principalOf(request), page(request.query));
      return { data: result.data.map(wireBroadcast), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/broadcasts/:broadcast_id',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'getBroadcast',
        tags,
        summary: 'Get a broadcast and its progress',
        security,
        params: Params,
        response: { 200: Type.Ref(Broadcast), ...notFound },
      },
    },
    async (request) =>
      wireBroadcast(await gateway.broadcasts.get(principalOf(request), request.params.broadcast_id)),
  );

  app.get(
    '/v1/broadcasts/:broadcast_id/recipients',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'listBroadcastRecipients',
        tags,
        summary: "A broadcast's recipients in order, each with its message",
        security,
        params: Params,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            after: Type.Optional(
              Type.Integer({ minimum: -1, description: 'The last position of the previous page.' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ListOf(Type.Ref(BroadcastRecipient)), ...notFound },
      },
    },
    async (request) => {
      const { limit = 100, after } = request.query;
      const result = await gateway.broadcasts.recipients(
        principalOf(request),
        request.params.broadcast_id,
        limit,
        after,
      );
      return { data: result.data.map(wireRecipient), has_more: result.hasMore };
    },
  );

  for (const [action, summary] of [
    ['pause', 'Pause a broadcast (recipients already queued still go out)'],
    ['resume', 'Resume a paused broadcast where it stopped'],
    ['cancel', 'Cancel a broadcast: recipients not yet queued are skipped'],
  ] as const) {
    app.post(
      `/v1/broadcasts/:broadcast_id/${action}`,
      {
        config: { action: 'messages:send' },
        schema: {
          operationId: `${action}Broadcast`,
          tags,
          summary,
          security,
          params: Params,
          response: { 200: Type.Ref(Broadcast), ...notFound, ...conflict },
        },
      },
      async (request) =>
        wireBroadcast(await gateway.broadcasts[action](principalOf(request), request.params.broadcast_id)),
    );
  }
}
