import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import type { ChatPresence } from './chat-presence.js';
import type { PhoneNormalizer } from './phone.js';
import { sessionOf } from './session-access.js';
import type { SessionControl } from './session-control.js';
import type { Message, Page, PageParams } from './types.js';

/** A chat: the other party, its newest message, and how many inbound messages are unread. */
export interface Chat {
  /** The other party's phone (E.164), or its LID when the phone is not known. */
  id: string;
  sessionId: string;
  lastMessage: Message;
  unreadCount: number;
}

const LID = /^\d{1,20}@lid$/;

/** At most this many read receipts are sent for one "mark read" (the newest unread). */
const READ_RECEIPTS_MAX = 500;

/**
 * A session's chats, derived from its messages, and their read state. Marking a chat read moves
 * its marker to its newest inbound message and sends read receipts for what was unread when the
 * session is connected on this server.
 */
export class ChatsService {
  constructor(
    private readonly storage: Storage,
    private readonly normalizePhone: PhoneNormalizer,
    /** Sends presence and read receipts through the session (absent: the marker only moves). */
    private readonly control?: Pick<SessionControl, 'sendPresence' | 'sendReadReceipts'>,
  ) {}

  /** Newest activity first; page with `starting_after` = the last chat's id. */
  async list(principal: Principal, sessionId: string, page: PageParams): Promise<Page<Chat>> {
    await sessionOf(this.storage, principal, sessionId);
    const tenantId = principal.tenant.id;
    let before: string | undefined;
    if (page.startingAfter !== undefined) {
      before = (await this.storage.chats.one(tenantId, sessionId, this.#peer(page.startingAfter)))
        ?.lastMessageId;
      if (before === undefined) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'starting_after names no chat of this session.',
          param: 'starting_after',
        });
      }
    }
    const rows = await this.storage.chats.list(tenantId, sessionId, page.limit + 1, before);
    const messages = await this.storage.messages.getByIds(rows.map((r) => r.lastMessageId));
    const data = rows.slice(0, page.limit).map((r) => ({
      id: r.peer,
      sessionId,
      lastMessage: messages.get(r.lastMessageId) as Message,
      unreadCount: r.unread,
    }));
    return { data, hasMore: rows.length > page.limit };
  }

  /** Marks every inbound message of the chat, up to its newest, read; answers the chat. */
  async markRead(principal: Principal, sessionId: string, chatId: string): Promise<Chat> {
    authorize(principal, 'messages:send');
    await sessionOf(this.storage, principal, sessionId);
    const peer = this.#peer(chatId);
    const tenantId = principal.tenant.id;
    const last = await this.storage.chats.lastInbound(tenantId, sessionId, peer);
    // Blue ticks for what was unread, when the session is connected here (best effort).
    const unread = await this.storage.chats.unreadInbound(sessionId, peer, READ_RECEIPTS_MAX);
    if (unread.length > 0) await this.control?.sendReadReceipts(sessionId, peer, unread);
    if (last) await this.storage.chats.markRead(sessionId, peer, last, Date.now());
    const chat = await this.storage.chats.one(tenantId, sessionId, peer);
    if (!chat) throw new AppError('CHAT_NOT_FOUND');
    const message = (await this.storage.messages.getByIds([chat.lastMessageId])).get(
      chat.lastMessageId,
    ) as Message;
    return { id: peer, sessionId, lastMessage: message, unreadCount: chat.unread };
  }

  /**
   * Shows "typing…" or "recording audio…" in a chat, or clears it (`paused`); WhatsApp clears it by
   * itself after a while or when a message is sent. The session must be connected on this server.
   */
  async setPresence(
    principal: Principal,
    sessionId: string,
    chatId: string,
    state: ChatPresence,
  ): Promise<{ chatId: string; state: ChatPresence }> {
    authorize(principal, 'messages:send');
    const session = await sessionOf(this.storage, principal, sessionId);
    const peer = this.#peer(chatId);
    if (session.status !== 'connected' || !this.control) {
      throw new AppError('SESSION_NOT_CONNECTED', {
        message: `The session is ${session.status}; presence is shown only while it is connected.`,
      });
    }
    await this.control.sendPresence(sessionId, peer, state);
    return { chatId: peer, state };
  }

  /** A chat id is a phone number (normalised) or a LID (`digits@lid`). */
  #peer(chatId: string): string {
    return LID.test(chatId) ? chatId : this.normalizePhone(chatId, 'chat_id');
  }
}
