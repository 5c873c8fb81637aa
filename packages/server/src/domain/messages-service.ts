import { newId, randomHex } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import type { MessageFilter, MessageStatusPatch } from '../storage/repositories/messages-repo.js';
import { isUniqueViolation, type Storage } from '../storage/storage.js';
import type { Principal } from './authorization.js';
import { monthOf } from './billing-period.js';
import { checkChannelPost } from './channel-posts.js';
import { CHANNEL_ID } from './channel-types.js';
import type { EventsService } from './events-service.js';
import { GROUP_ID } from './group-types.js';
import type { MediaService } from './media-service.js';
import { applyChange, inboundEventType } from './message-changes.js';
import { type MessageListQuery, messageFilterOf } from './message-filter.js';
import { bodyFromParams, type SendParams, type TemplateSendParams } from './message-params.js';
import { resolveRefs } from './message-refs.js';
import { SEND_JOB, transition } from './message-transitions.js';
import type { PhoneNormalizer } from './phone.js';
import { ScheduledMessages, sendTimeOf } from './scheduled-messages.js';
import type { TemplateBody } from './template-types.js';
import {
  type Message,
  type MessageBody,
  type MessageStatus,
  modeOf,
  type Page,
  type PageParams,
} from './types.js';
import { wire } from './wire.js';

export { SEND_JOB };

/** The error of messages whose session was deleted before they could be sent. */
export const SESSION_DELETED_FAILURE = {
  code: 'SESSION_DELETED',
  message: 'The session was deleted before the message was sent.',
} as const;

const RANK: Record<MessageStatus, number> = {
  scheduled: -1,
  cancelled: -1,
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: -1,
  received: -1,
};
const PROGRESS = ['sent', 'delivered', 'read'] as const;
type Progress = (typeof PROGRESS)[number];

export type { SendParams };

export interface InboundMessage {
  waMessageId: string;
  /** The sender's phone number (E.164); null for a sender known only by LID. */
  from: string | null;
  fromLid?: string | null | undefined;
  body: MessageBody;
  at: number;
  /** Sent in this group ('digits@g.us'): the message's `to`. */
  groupId?: string | undefined;
}

/**
 * The message an idempotency key already created answers only the request that created it; any
 * other request with that key is the client's mistake, never a silent 202 for the first message.
 */
function replayOf(message: Message, sessionId: string, to: string, body: MessageBody): Message {
  if (
    message.sessionId === sessionId &&
    message.type === body.type &&
    message.to === to &&
    JSON.stringify(message.body) === JSON.stringify(body)
  ) {
    return message;
  }
  throw new AppError('IDEMPOTENCY_KEY_REUSED', {
    message: `This Idempotency-Key was already used for another message (${message.id}); use a new key for a new message.`,
    param: 'Idempotency-Key',
  });
}

/** Rows an export reads per query. */
const EXPORT_BATCH = 500;

export class MessagesService {
  constructor(
    private readonly storage: Storage,
    private readonly events: EventsService,
    private readonly onQueued: (sessionId: string) => void,
    /** Whether an engine declares it can send a message type (its capabilities). */
    private readonly canSend: (engine: string, type: MessageBody['type']) => boolean,
    private readonly normalizePhone: PhoneNormalizer,
    /** Files sent by URL are fetched and stored through it. */
    private readonly media?: MediaService,
  ) {
    this.scheduled = new ScheduledMessages(storage, events, onQueued);
  }

  /** Messages accepted for later: queued when due, cancellable until sent. */
  readonly scheduled: ScheduledMessages;
  /** Told when a message was scheduled here (the scheduler then looks again at once). */
  onScheduled: () => void = () => undefined;
  /** Renders `type: 'template'` sends (the gateway's templates). */
  templates:
    | { render(principal: Principal, id: string, variables: Record<string, string>): Promise<TemplateBody> }
    | undefined;

  /**
   * Accepts a message: the message row and its send job are written in one transaction (a durable
   * outbox), so a 202 is never lost. With an idempotency key, a repeat returns the first message
   * even if the process died before the HTTP-level idempotency record was completed; the same key
   * with another request (session, type, recipient after normalisation, or text) is refused with
   * IDEMPOTENCY_KEY_REUSED, as the HTTP layer would have.
   */
  async send(
    principal: Principal,
    sessionId: string,
    sent: SendParams | TemplateSendParams,
    idempotencyKey?: string,
  ): Promise<Message> {
    const params = sent.type === 'template' ? await this.#fromTemplate(principal, sent) : sent;
    const tenantId = principal.tenant.id;
    const session = await this.storage.sessions.get(tenantId, sessionId);
    if (!session) throw await this.#notFound(principal, sessionId);
    if (modeOf(session) !== principal.mode) throw new AppError('SESSION_NOT_FOUND');
    if (session.status === 'logged_out') {
      throw new AppError('SESSION_LOGGED_OUT', {
        message: 'The session is logged out: start it and pair it again before sending.',
      });
    }
    const refuse = (type: MessageBody['type']) =>
      new AppError('UNSUPPORTED_MESSAGE_TYPE', {
        message: `The ${session.engine} engine cannot send ${type} messages${params.type === 'forward' ? ' (so it cannot forward this one)' : ''}.`,
        param: params.type === 'forward' ? 'message_id' : 'type',
      });
    // Before anything is fetched; a forward's type is its original's, checked once it is read.
    if (params.type !== 'forward' && !this.canSend(session.engine, params.type)) throw refuse(params.type);
    const sendAt = sendTimeOf(params.send_at, params.type, Date.now());
    // A phone number, a group the session is in ('digits@g.us'), or a channel it owns.
    const channel = CHANNEL_ID.test(params.to);
    const to = GROUP_ID.test(params.to) || channel ? params.to : this.normalizePhone(params.to, 'to');
    if (channel) await checkChannelPost(this.storage, sessionId, to, params.type);
    const body = await bodyFromParams(params, to, {
      media: async (id) => {
        const media = await this.storage.media.get(tenantId, id);
        return media?.mode === principal.mode ? media : undefined;
      },
      message: async (id) => {
        const found = await this.storage.messages.get(tenantId, id);
        return found?.sessionId === sessionId ? found : undefined;
      },
      fetchMedia: (url) => {
        if (!this.media)
          throw new AppError('MEDIA_FETCH_FAILED', { message: 'No media store.', param: 'media.url' });
        return this.media.fromUrl(principal, url);
      },
      discardMedia: async (id) => {
        await this.media?.delete(principal, id);
      },
      normalizePhone: this.normalizePhone,
    });
    if (!this.canSend(session.engine, body.type)) throw refuse(body.type);
    if (idempotencyKey) {
      const existing = await this.storage.messages.findByIdempotencyKey(tenantId, idempotencyKey);
      if (existing) return replayOf(existing, sessionId, to, body);
    }
    const now = Date.now();
    const message: Message = {
      id: newId('msg'),
      tenantId,
      sessionId,
      direction: 'outbound',
      type: body.type,
      to,
      from: session.phone,
      toLid: null,
      fromLid: null,
      body,
      status: sendAt === null ? 'queued' : 'scheduled',
      error: null,
      waMessageId: `3EB0${randomHex(8)}`,
      createdAt: now,
      sentAt: null,
      deliveredAt: null,
      readAt: null,
      failedAt: null,
      sendAt,
    };
    // The month's count and the quota check are one statement in the accepting transaction: a
    // refused message stores nothing, and concurrent sends on any server never pass the quota.
    let overQuota = false;
    try {
      await this.storage.groupCommit(async (tx) => {
        // Test-mode (sandbox) messages are not billed and use none of the live quota.
        overQuota = principal.mode === 'live' && !(await tx.usage.countMessage(tenantId, monthOf(now).start));
        if (overQuota) return;
        await tx.messages.insert(message, idempotencyKey ?? null);
        // A scheduled message gets its job when due (ScheduledMessages), so it holds up no other.
        if (sendAt === null) {
          await tx.jobs.enqueue({ kind: SEND_JOB, tenantId, sessionId, refId: message.id, runAt: now }, now);
        }
      });
    } catch (error) {
      // A concurrent request with the same key won the race: answer with its message.
      const winner =
        idempotencyKey && isUniqueViolation(error)
          ? await this.storage.messages.findByIdempotencyKey(tenantId, idempotencyKey)
          : undefined;
      if (winner) return replayOf(winner, sessionId, to, body);
      throw error;
    }
    if (overQuota) {
      throw new AppError('MESSAGE_QUOTA_EXCEEDED', {
        message:
          "The plan's monthly message quota is used up: nothing was queued. Upgrade the plan or wait for the next month (UTC).",
      });
    }
    if (sendAt === null) this.onQueued(sessionId);
    else this.onScheduled();
    return message;
  }

  /** A template send as the message it renders to (its type, placeholders filled in). */
  async #fromTemplate(principal: Principal, params: TemplateSendParams): Promise<SendParams> {
    if (!this.templates) throw new AppError('TEMPLATE_NOT_FOUND', { param: 'template_id' });
    const body = await this.templates.render(principal, params.template_id, params.variables ?? {});
    return {
      ...body,
      to: params.to,
      ...(params.reply_to !== undefined && { reply_to: params.reply_to }),
      ...(params.send_at !== undefined && { send_at: params.send_at }),
    };
  }

  /** Cancels a scheduled (or queued, not yet handed over) message of the principal's tenant. */
  async cancel(principal: Principal, id: string): Promise<Message> {
    return this.scheduled.cancel(principal, await this.get(principal, id));
  }

  async get(principal: Principal, id: string): Promise<Message> {
    const message = await this.storage.messages.get(principal.tenant.id, id);
    // A message has its session's mode.
    const mode = message && (await this.storage.sessions.modeOf(principal.tenant.id, message.sessionId));
    if (!message || (mode ?? 'live') !== principal.mode) throw new AppError('MESSAGE_NOT_FOUND');
    return message;
  }

  async list(
    principal: Principal,
    sessionId: string,
    page: PageParams,
    query: MessageListQuery = {},
  ): Promise<Page<Message>> {
    const session = await this.storage.sessions.get(principal.tenant.id, sessionId);
    if (!session) throw await this.#notFound(principal, sessionId);
    if (modeOf(session) !== principal.mode) throw new AppError('SESSION_NOT_FOUND');
    const rows = await this.storage.messages.list(
      principal.tenant.id,
      sessionId,
      page.limit + 1,
      page.startingAfter,
      messageFilterOf(query, this.normalizePhone),
    );
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  /**
   * Every message of a session matching `query`, oldest first, read in batches (an export of any
   * size in bounded memory). The session and the query are checked before this resolves, so a bad
   * request fails before anything is streamed.
   */
  async export(
    principal: Principal,
    sessionId: string,
    query: MessageListQuery = {},
  ): Promise<AsyncIterable<Message>> {
    await this.list(principal, sessionId, { limit: 1 }, query);
    const filter: MessageFilter = { ...messageFilterOf(query, this.normalizePhone), order: 'oldest' };
    const storage = this.storage;
    const tenantId = principal.tenant.id;
    return {
      async *[Symbol.asyncIterator]() {
        let after: string | undefined;
        for (;;) {
          const batch = await storage.messages.list(tenantId, sessionId, EXPORT_BATCH, after, filter);
          yield* batch;
          if (batch.length < EXPORT_BATCH) return;
          after = batch.at(-1)?.id;
        }
      },
    };
  }

  /**
   * Applies a status reported by the engine. The highest status wins (a late "delivered" after
   * "read" changes nothing); skipped steps are filled in so every step's event is emitted in order.
   * Runs in `within`'s transaction when one is given (the runtime stores receipts in batches).
   */
  async applyStatus(
    sessionId: string,
    waMessageId: string,
    status: Progress | 'failed',
    at: number,
    error?: { code: string; message: string },
    within: Storage = this.storage,
  ): Promise<void> {
    await within.transaction(async (tx) => {
      const message = await tx.messages.findByWaId(sessionId, waMessageId);
      if (message?.direction !== 'outbound') return;
      if (status === 'failed') {
        if (message.status !== 'queued' && message.status !== 'sent') return;
        const failure = error ?? { code: 'SEND_FAILED', message: 'The message could not be sent.' };
        await transition(
          tx,
          this.events,
          message,
          { status: 'failed', failedAt: at, error: failure },
          'message.failed',
          at,
        );
        return;
      }
      if (RANK[message.status] < 0 || RANK[message.status] >= RANK[status]) return;
      let current = message;
      // The recipient's LID, and the session's own (the engine reports its identity like a contact's).
      const [knownTo, knownFrom] =
        message.toLid && message.fromLid
          ? [undefined, undefined]
          : await tx.contacts.lidsForPhones(
              sessionId,
              message.toLid ? null : message.to,
              message.fromLid ? null : message.from,
            );
      const toLid = message.toLid ?? knownTo;
      const fromLid = message.fromLid ?? knownFrom;
      for (const step of PROGRESS) {
        if (RANK[step] <= RANK[current.status] || RANK[step] > RANK[status]) continue;
        const patch: MessageStatusPatch = { status: step };
        if (toLid && !current.toLid) patch.toLid = toLid;
        if (fromLid && !current.fromLid) patch.fromLid = fromLid;
        if (step === 'sent') patch.sentAt = at;
        if (step === 'delivered') patch.deliveredAt = at;
        if (step === 'read') patch.readAt = at;
        const next = await transition(tx, this.events, current, patch, `message.${step}`, at);
        if (!next) return; // changed meanwhile by another writer: its view wins
        // Our edit or deletion changes the message it is about once it has gone out.
        if (step === 'sent') await applyChange(tx, next, at);
        current = next;
      }
    });
  }

  /** A send the engine refused for good: the message fails and its job is done. */
  async failQueued(
    messageId: string,
    error: { code: string; message: string },
    within: Storage = this.storage,
  ): Promise<void> {
    const message = await within.messages.getById(messageId);
    if (!message) return;
    await this.applyStatus(message.sessionId, message.waMessageId ?? '', 'failed', Date.now(), error, within);
  }

  /** Stores an inbound message once (a redelivery changes nothing), in `within`'s transaction if given. */
  async recordInbound(
    tenantId: string,
    sessionId: string,
    inbound: InboundMessage,
    within: Storage = this.storage,
  ): Promise<void> {
    await within.transaction(async (tx) => {
      if (await tx.messages.findByWaId(sessionId, inbound.waMessageId)) return; // redelivered: once only
      const session = await tx.sessions.getById(sessionId);
      if (!session) return;
      const fromLid = inbound.fromLid ?? null;
      if (fromLid && inbound.from) await tx.contacts.upsert(sessionId, fromLid, inbound.from, inbound.at);
      const from = inbound.from ?? (fromLid ? await tx.contacts.phoneForLid(sessionId, fromLid) : undefined);
      const knownLid = fromLid ?? (from ? await tx.contacts.lidForPhone(sessionId, from) : undefined);
      const ownLid = session.phone ? await tx.contacts.lidForPhone(sessionId, session.phone) : undefined;
      const message: Message = {
        id: newId('msg'),
        tenantId,
        sessionId,
        direction: 'inbound',
        type: inbound.body.type,
        to: inbound.groupId ?? session.phone,
        from: from ?? null,
        toLid: ownLid ?? null,
        fromLid: knownLid ?? null,
        body: await resolveRefs(inbound.body, (waId) => tx.messages.findByWaId(sessionId, waId)),
        status: 'received',
        error: null,
        waMessageId: inbound.waMessageId,
        createdAt: inbound.at,
        sentAt: null,
        deliveredAt: null,
        readAt: null,
        failedAt: null,
      };
      await tx.messages.insert(message, null);
      // A 1:1 message opens the chat: replies to it are no reach-out (see docs/pacing.md).
      if (from && !inbound.groupId) await tx.knownChats.open(sessionId, from, 'contact', inbound.at);
      await applyChange(tx, message, inbound.at);
      await this.events.record(
        tx,
        { tenantId, sessionId, type: inboundEventType(message.body), data: wire.message(message) },
        inbound.at,
      );
    });
  }

  /**
   * Fails the messages accepted for sessions that were deleted meanwhile (a send that raced the
   * delete): nothing will ever send them, and an accepted message must not silently stay queued.
   */
  async failOrphans(limit = 100): Promise<number> {
    let failed = 0;
    for (const job of await this.storage.jobs.listOfDeletedSessions(SEND_JOB, limit)) {
      await this.storage.transaction(async (tx) => {
        const message = await tx.messages.getById(job.refId);
        const at = Date.now();
        if (
          message?.status === 'queued' &&
          (await transition(
            tx,
            this.events,
            message,
            { status: 'failed', failedAt: at, error: SESSION_DELETED_FAILURE },
            'message.failed',
            at,
          ))
        ) {
          failed++;
        }
        await tx.jobs.delete(job.id);
      });
    }
    return failed;
  }

  /** A deleted session of the principal's mode is "deleted"; anything else is not found. */
  async #notFound(principal: Principal, sessionId: string): Promise<AppError> {
    const tenantId = principal.tenant.id;
    const sameMode = (await this.storage.sessions.modeOf(tenantId, sessionId)) === principal.mode;
    return sameMode && (await this.storage.sessions.isDeleted(tenantId, sessionId))
      ? new AppError('SESSION_DELETED')
      : new AppError('SESSION_NOT_FOUND');
  }
}
