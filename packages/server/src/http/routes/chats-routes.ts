import { Type } from '@sinclair/typebox';
import { CHAT_PRESENCES, type ChatPresence } from '../../domain/chat-presence.js';
import type { Chat } from '../../domain/chats-service.js';
import { wire } from '../../domain/wire.js';
import type { Gateway } from '../../gateway.js';
import { principalOf } from '../auth.js';
import { errorResponses, ListOf, ListQuery } from '../schemas/common.js';
import { Chat as ChatSchema } from '../schemas/resources.js';
import { type App, page, security } from './types.js';

const tags = ['messages'];

const wireChat = (c: Chat) => ({
  id: c.id,
  object: 'chat' as const,
  session_id: c.sessionId,
  last_message: wire.message(c.lastMessage),
  unread_count: c.unreadCount,
});

/** A session's chats: list with the last message and unread count; mark one read. */
export function chatsRoutes(app: App, gateway: Gateway): void {
  app.get(
    '/v1/sessions/:session_id/chats',
    {
      config: { action: 'messages:read' },
      schema: {
        operationId: 'listChats',
        tags,
        summary: "List a session's chats, most recent activity first",
        description:
          "A chat is the other party of the session's messages (its phone, else its LID), with its newest message and the number of inbound messages after the last time it was marked read. Page with `starting_after` = the last chat's id.",
        security,
        params: Type.Object({ session_id: Type.String() }),
        querystring: ListQuery,
        response: { 200: ListOf(Type.Ref(ChatSchema)), ...errorResponses },
      },
    },
    async (request) => {
      const result = await gateway.chats.list(
        principalOf(request),
        request.params.session_id,
        page(request.query),
      );
      return { data: result.data.map(wireChat), has_more: result.hasMore };
    },
  );

  app.post(
    '/v1/sessions/:session_id/chats/:chat_id/read',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'markChatRead',
        tags,
        summary: 'Mark a chat read (its unread count becomes 0)',
        description:
          "Moves the chat's read marker to its newest inbound message. `chat_id` is a phone number or a LID (`…@lid`). When the session is connected (on the server that runs it), read receipts (blue ticks) go to the contact for the messages that were unread, up to 500.",
        security,
        params: Type.Object({
          session_id: Type.String(),
          chat_id: Type.String({ minLength: 1, maxLength: 40 }),
        }),
        response: { 200: Type.Ref(ChatSchema), ...errorResponses },
      },
    },
    async (request) =>
      wireChat(
        await gateway.chats.markRead(principalOf(request), request.params.session_id, request.params.chat_id),
      ),
  );

  app.post(
    '/v1/sessions/:session_id/chats/:chat_id/presence',
    {
      config: { action: 'messages:send' },
      schema: {
        operationId: 'setChatPresence',
        tags,
        summary: 'Show "typing…" or "recording audio…" in a chat, or clear it',
        description:
          'WhatsApp shows it to the contact until a message is sent, `paused` clears it, or some seconds pass. The session must be connected (SESSION_NOT_CONNECTED otherwise; with several servers, on the one that runs it). Nothing is stored or retried: presence is not worth delivering late.',
        security,
        params: Type.Object({
          session_id: Type.String(),
          chat_id: Type.String({ minLength: 1, maxLength: 40 }),
        }),
        body: Type.Object(
          { state: Type.Unsafe<ChatPresence>({ type: 'string', enum: [...CHAT_PRESENCES] }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            chat_id: Type.String(),
            state: Type.Unsafe<ChatPresence>({ type: 'string', enum: [...CHAT_PRESENCES] }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { chatId, state } = await gateway.chats.setPresence(
        principalOf(request),
        request.params.session_id,
        request.params.chat_id,
        request.body.state,
      );
      return { chat_id: chatId, state };
    },
  );
}
