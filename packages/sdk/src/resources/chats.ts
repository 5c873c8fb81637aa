import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type { Chat, ChatListParams } from '../types.js';

/** `wagw.chats`: a session's chats with their last message and unread count. */
export class Chats extends APIResource {
  /** Most recent activity first; iterate with `for await` to page through all of them. */
  list(sessionId: string, params?: ChatListParams, options?: RequestOptions): PagePromise<Chat> {
    return this.paginate(path`v1/sessions/${sessionId}/chats`, params, options);
  }

  /** Marks the chat (a phone number or a LID) read: its unread count becomes 0. */
  markRead(sessionId: string, chatId: string, options?: RequestOptions): Promise<Chat> {
    return this.transport.request(
      { method: 'POST', path: path`v1/sessions/${sessionId}/chats/${chatId}/read` },
      options,
    );
  }
}
