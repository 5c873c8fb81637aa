import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import type { PhoneNormalizer } from './phone.js';
import { type Message, modeOf, type Page, type PageParams } from './types.js';

/** A chat: the other party, its newest message, and how many inbound messages are unread. */
export interface Chat {
  /** The other party's phone (E.164), or its LID when the phone is not known. */
  id: string;
  sessionId: string;
  lastMessage: Message;
  unreadCount: number;
}

const LID = /^\d{1,20}@lid$/;

/**
 * A session's chats, derived from its messages, and their read state. Marking a chat read moves
 * its marker to its newest inbound message (read receipts to WhatsApp are not sent by this).
 */
export class ChatsService {
  constructor(
    private readonly storage: Storage,
    private readonly normalizePhone: PhoneNormalizer,
  ) {}

  /** Newest activity first; page with `starting_after` = the last chat's id. */
  async list(principal: Principal, sessionId: string, page: PageParams): Promise<Page<Chat>> {
    await this.#session(principal, sessionId);
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
    await this.#session(principal, sessionId);
    const peer = this.#peer(chatId);
    const tenantId = principal.tenant.id;
    const last = await this.storage.chats.lastInbound(tenantId, sessionId, peer);
    if (last) await this.storage.chats.markRead(sessionId, peer, last, Date.now());
    const chat = await this.storage.chats.one(tenantId, sessionId, peer);
    if (!chat) throw new AppError('CHAT_NOT_FOUND');
    const message = (await this.storage.messages.getByIds([chat.lastMessageId])).get(
      chat.lastMessageId,
    ) as Message;
    return { id: peer, sessionId, lastMessage: message, unreadCount: chat.unread };
  }

  async #session(principal: Principal, sessionId: string): Promise<void> {
    const session = await this.storage.sessions.get(principal.tenant.id, sessionId);
    if (!session || modeOf(session) !== principal.mode) throw new AppError('SESSION_NOT_FOUND');
  }

  /** A chat id is a phone number (normalised) or a LID (`digits@lid`). */
  #peer(chatId: string): string {
    return LID.test(chatId) ? chatId : this.normalizePhone(chatId, 'chat_id');
  }
}
