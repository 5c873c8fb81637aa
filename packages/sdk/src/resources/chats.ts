import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { Chat, ChatListParams, ChatPresence, ChatPresenceState } from '../types.js';

/** `wagw.chats`: a session's chats with their last message and unread count. */
export class Chats extends APIResource {
  /** Most recent activity first; iterate with `for await` to page through all of them. */
  list(sessionId: string, params?: ChatListParams, options?: RequestOptions): PagePromise<Chat> {
    return this.paginate(path`v1/sessions/${sessionId}/chats`, params, options);
  }

  /**
   * Marks the chat (a phone number or a LID) read: its unread count becomes 0. When the session is
   * connected, read receipts (blue ticks) go to the contact for the messages that were unread.
   */
  markRead(sessionId: string, chatId: string, options?: RequestOptions): Promise<Chat> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/chats/${chatId}/read` },
      options,
    );
  }

  /**
   * Shows "typing…" (`typing`) or "recording audio…" (`recording`) to the contact, or clears it
   * (`paused`). WhatsApp clears it by itself when a message is sent or after some seconds; nothing
   * is stored or retried later. Rejects with `SESSION_NOT_CONNECTED` (409) when the session is not
   * connected.
   *
   * @example
   * await wagw.chats.setPresence(sessionId, '+15551234567', 'typing');
   * await wagw.messages.send(sessionId, { type: 'text', to: '+15551234567', text: 'On my way' });
   */
  setPresence(
    sessionId: string,
    chatId: string,
    state: ChatPresenceState,
    options?: RequestOptions,
  ): Promise<ChatPresence> {
    return this.transport.request(
      {
        method: 'POST',
        path: path`v1/sessions/${sessionId}/chats/${chatId}/presence`,
        body: { state },
      },
      options,
    );
  }
}
