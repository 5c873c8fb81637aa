import { Type } from '@sinclair/typebox';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { EXPORT_CONTENT_TYPES, exportStream } from '../message-export.js';
import { errorResponses, ListOf, ListQuery } from '../schemas/common.js';
import { Message, MessageStatusSchema } from '../schemas/resources.js';
import { type App, page, security } from './types.js';

const tags = ['messages'];

const MessageFilterQuery = Type.Object({
  direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])),
  type: Type.Optional(Type.String({ minLength: 1, maxLength: 30, examples: ['text'] })),
  status: Type.Optional(Type.Ref(MessageStatusSchema)),
  chat: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 32,
      description: 'The other party: the recipient of outbound and the sender of inbound messages.',
    }),
  ),
  since: Type.Optional(Type.String({ maxLength: 40, description: 'Created at or after (ISO 8601).' })),
  until: Type.Optional(Type.String({ maxLength: 40, description: 'Created before (ISO 8601).' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Words to search for.' })),
});

const MessageListQuery = Type.Object(
  { ...ListQuery.properties, ...MessageFilterQuery.properties },
  { additionalProperties: false },
);

/** Reading and cancelling messages; sending is `send-message-route.ts` (it takes multipart forms too). */
export function messagesRoutes(app: App, gateway: Gateway): void {
  app.get(
    '/v1/sessions/:session_id/messages/export',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'exportSessionMessages',
        tags,
        summary: "Export a session's messages as JSON Lines or CSV, oldest first, streamed",
        description:
          "Takes the filters of the message list (a chat, a time range, words…). The body is streamed as it is read, in batches, so an export of any size needs no memory to match. In CSV, message text that a spreadsheet would run as a formula gets a leading `'`.",
        security,
        params: Type.Object({ session_id: Type.String() }),
        querystring: Type.Object(
          {
            format: Type.Union([Type.Literal('jsonl'), Type.Literal('csv')], { default: 'jsonl' }),
            ...MessageFilterQuery.properties,
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'One message per line (JSON Lines), or CSV with a header row.',
            content: {
              'application/x-ndjson': { schema: Type.String() },
              'text/csv': { schema: Type.String() },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { format = 'jsonl', ...query } = request.query;
      const { session_id: sessionId } = request.params;
      const messages = await gateway.messages.export(principalOf(request), sessionId, query);
      return reply
        .type(EXPORT_CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="messages-${sessionId}.${format}"`)
        .send(exportStream(messages, format) as unknown as string);
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
        description:
          'Filters combine (all must hold). `q` finds messages whose text or caption has every word of it (case-insensitive, whole words; SQLite FTS5 or Postgres full-text search). Page with `starting_after` (the last id of a page) beyond any page size.',
        params: Type.Object({ session_id: Type.String() }),
        querystring: MessageListQuery,
        response: { 200: ListOf(Type.Ref(Message)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await gateway.messages.list(
        principalOf(request),
        request.params.session_id,
        page(request.query),
        request.query,
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

  app.post(
    '/v1/messages/:message_id/cancel',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'cancelMessage',
        tags,
        summary: 'Cancel a scheduled or queued message',
        description:
          'A message that is `scheduled`, or `queued` and not yet handed to WhatsApp, becomes `cancelled` (with a `message.cancelled` event) and is never sent. Anything further along answers 409 MESSAGE_NOT_CANCELLABLE: it is, or may be, out already.',
        security,
        params: Type.Object({ message_id: Type.String() }),
        response: { 200: Type.Ref(Message), ...errorResponses },
      },
    },
    async (request) =>
      wire.message(await gateway.messages.cancel(principalOf(request), request.params.message_id)),
  );
}
