import { Type } from '@sinclair/typebox';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses, ListOf, ListQuery } from '../schemas/common.js';
import { Message } from '../schemas/resources.js';
import { type App, page, security } from './types.js';

const tags = ['messages'];

const SendText = Type.Object(
  {
    type: Type.Literal('text'),
    to: Type.String({
      minLength: 1,
      maxLength: 32,
      description: 'Phone number, international format.',
      examples: ['+14155550100'],
    }),
    text: Type.String({ minLength: 1, maxLength: 65536 }),
  },
  { additionalProperties: false, title: 'SendText' },
);

export function messagesRoutes(app: App, gateway: Gateway): void {
  app.post(
    '/v1/sessions/:session_id/messages',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'sendMessage',
        tags,
        summary: 'Queue a message for sending (202: durably accepted)',
        description:
          'The message is stored with its send job in one transaction and sent by the session in order. Follow its status with GET /v1/messages/{id}, events or webhooks. Send an Idempotency-Key to make retries safe.',
        security,
        params: Type.Object({ session_id: Type.String() }),
        body: SendText,
        response: { 202: Type.Ref(Message), ...errorResponses },
      },
    },
    async (request, reply) => {
      const message = await gateway.messages.send(
        principalOf(request),
        request.params.session_id,
        request.body,
        request.idempotencyKey,
      );
      return reply.status(202).send(wire.message(message));
    },
  );

  app.get(
    '/v1/sessions/:session_id/messages',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'listSessionMessages',
        tags,
        summary: "List a session's messages, newest first",
        security,
        params: Type.Object({ session_id: Type.String() }),
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(Message)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await gateway.messages.list(
        principalOf(request),
        request.params.session_id,
        page(request.query),
      );
      return { data: result.data.map(wire.message), has_more: result.hasMore };
    },
  );

  app.get(
    '/v1/messages/:message_id',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'getMessage',
        tags,
        summary: 'Get a message and its status',
        security,
        params: Type.Object({ message_id: Type.String() }),
        response: { 200: Type.Ref(Message), ...errorResponses },
      },
    },
    async (request) =>
      wire.message(await gateway.messages.get(principalOf(request), request.params.message_id)),
  );
}
