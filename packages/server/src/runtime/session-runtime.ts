import type { SecretBox } from '../crypto/secret-box.js';
import type { ContactsService } from '../domain/contacts-service.js';
import type { GroupFacts } from '../domain/group-facts.js';
import type { MediaService } from '../domain/media-service.js';
import type { MessagesService } from '../domain/messages-service.js';
import type { PacingService } from '../domain/pacing-service.js';
import { DEFAULT_HOLD_MS } from '../domain/pacing-types.js';
import type { ProfilesService } from '../domain/profiles-service.js';
import type { Fence, SessionsService } from '../domain/sessions-service.js';
import type { Session } from '../domain/types.js';
import type { Engine, EngineEvent, EngineLogger, EngineSession } from '../engines/engine.js';
import type { Lease } from '../storage/repositories/leases-repo.js';
import type { Storage } from '../storage/storage.js';
import type { BackoffOptions } from './backoff.js';
import { engineMedia } from './engine-media.js';
import { createEngineStateStore } from './engine-state-store.js';
import { EventInbox } from './event-inbox.js';
import { LeaseLostError, leaseFence } from './lease-fence.js';
import { SendPacer } from './send-pacer.js';
import { SessionSender } from './session-sender.js';

export interface RuntimeDeps {
  storage: Storage;
  box: SecretBox;
  sessions: SessionsService;
  messages: MessagesService;
  logger: EngineLogger;
  /** Called when the engine ended by itself (logged out, QR expired, failed). */
  onEnded(sessionId: string): void;
  /** How many engine events may wait for storage before the engine is asked to pause (default 500). */
  inboxCapacity?: number | undefined;
  /** Back-off of storage retries (engine events, recording sends); default 100 ms … 5 s. */
  storageRetry?: BackoffOptions | undefined;
  /** Media files; without it, engines are told there is none (tests that need no media). */
  media?: MediaService | undefined;
  /** Stores what the engine learns about contacts, with `contact.updated` events. */
  contacts?: ContactsService | undefined;
  /** Stores what the engine learns about groups, with `group.*` and `message.receipt` events. */
  groups?: GroupFacts | undefined;
  /** The session's pace and WhatsApp's holds on its new chats; without it nothing is paced. */
  pacing?: PacingService | undefined;
  /** Announces contacts' presence as `presence.updated` events. */
  profiles?: ProfilesService | undefined;
}

const DEFAULT_INBOX_CAPACITY = 500;
/** How long stopping waits for engine events still being stored before it lets them finish alone. */
const HALT_GRACE_MS = 5000;

/**
 * Runs one session on this node while it holds the lease: feeds engine events to the domain in
 * order through a bounded, retrying inbox, and sends the session's queued messages one at a time
 * (per-session FIFO, see `SessionSender`).
 */
export class SessionRuntime {
  readonly #engineSession: EngineSession;
  readonly #inbox: EventInbox<EngineEvent>;
  readonly #sender: SessionSender;
  readonly #fence: Fence;
  #active = true;
  #quiet = false;

  constructor(
    readonly session: Session,
    public lease: Lease,
    readonly engine: Engine,
    private readonly deps: RuntimeDeps,
  ) {
    this.#fence = leaseFence(() => this.lease);
    this.#inbox = new EventInbox<EngineEvent>({
      handle: (event) => this.#handle(event),
      // A write refused by the fence: another server owns the session now, and its view wins.
      isFinal: (error) => error instanceof LeaseLostError,
      capacity: deps.inboxCapacity ?? DEFAULT_INBOX_CAPACITY,
      ...(deps.storageRetry && { retry: deps.storageRetry }),
      logger: deps.logger,
      describe: describeEvent,
      // Message receipts, inbound messages and contacts, the bulk of a busy session's events, are
      // stored many per transaction; session status changes (with their side effects) one by one.
      batch: { handle: (events) => this.#handleMany(events), accepts: isBatchable, max: INBOX_BATCH },
    });
    this.#engineSession = engine.createSession({
      sessionId: session.id,
      state: createEngineStateStore(deps.storage, deps.box, session.id, () => this.lease),
      logger: deps.logger,
      options: { autoPair: session.autoPair },
      emit: (event) => this.#enqueue(event),
      drained: () => this.#inbox.drained(),
      lookupMessage: async (waMessageId) => {
        // Only what this session sent: inbound texts must never be handed back out.
        const message = await deps.storage.messages.findByWaId(session.id, waMessageId);
        if (message?.direction !== 'outbound' || !message.to) return undefined;
        return { to: message.to, toLid: message.toLid, body: message.body };
      },
      ...engineMedia(deps.media, session),
    });
    this.#sender = new SessionSender({
      sessionId: session.id,
      engineSession: this.#engineSession,
      storage: deps.storage,
      messages: deps.messages,
      logger: deps.logger,
      fence: this.#fence,
      inbox: this.#inbox,
      accountPhone: session.phone,
      storageRetry: deps.storageRetry,
      pacer: deps.pacing && this.#pacer(deps.pacing),
    });
  }

  #pacer(pacing: PacingService): SendPacer {
    return new SendPacer({
      sessionId: this.session.id,
      storage: this.deps.storage,
      current: () => pacing.current(this.session),
      lift: (at) => pacing.lift(this.session.id, at),
    });
  }

  get engineSession(): EngineSession {
    return this.#engineSession;
  }

  /** How many engine events wait to be stored, and the most that ever did (diagnostics, tests). */
  get inbox(): { size: number; highest: number } {
    return { size: this.#inbox.size, highest: this.#inbox.highest };
  }

  async start(): Promise<void> {
    this.#sender.start();
    try {
      await this.#engineSession.start();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'engine failed to start');
      // Through the inbox like any status: retried if storage fails, and it ends the runtime.
      this.#enqueue({
        type: 'status',
        status: 'failed',
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Resolves once every engine event emitted so far has been stored (false: not within `timeoutMs`). */
  settled(timeoutMs?: number): Promise<boolean> {
    return this.#inbox.idle(timeoutMs);
  }

  notifyQueued(): void {
    this.#sender.wake();
  }

  /** Stops the engine; its final status event is still recorded. */
  async stop(): Promise<void> {
    await this.#engineSession.stop();
    await this.halt();
  }

  async logout(): Promise<void> {
    await this.#engineSession.logout();
    await this.halt();
  }

  /**
   * Server shutdown or a lost lease: stop without recording any status the engine reports
   * afterwards, so the session's desired state survives and it comes back on restart (or on its new
   * owner). Messages it still receives are stored: they are facts, whoever owns the session.
   */
  async abandon(reason: string): Promise<void> {
    this.#quiet = true;
    await this.#engineSession.stop().catch(() => undefined);
    await this.halt();
    if (reason === 'server_shutdown') {
      await this.deps.sessions
        .recordStatus(this.session.id, 'stopped', { reason }, this.#fence)
        .catch(() => undefined);
      // The database closes next: what is still unstored now cannot be stored by this process.
      const lost = this.#inbox.close();
      if (lost.length > 0) {
        this.deps.logger.error(
          { lost: lost.map(describeEvent) },
          `shutdown: ${lost.length} engine events could not be stored (storage kept failing)`,
        );
      }
    }
  }

  async halt(): Promise<void> {
    this.#active = false;
    await this.#sender.stop();
    if (!(await this.#inbox.idle(HALT_GRACE_MS))) {
      this.deps.logger.error(
        { pending: this.#inbox.size },
        'storage is failing: engine events are still waiting to be stored; retrying in the background',
      );
    }
  }

  #enqueue(event: EngineEvent): boolean {
    if (this.#quiet && (event.type === 'status' || event.type === 'qr')) return true;
    return this.#inbox.push(event);
  }

  async #handleMany(events: EngineEvent[]): Promise<void> {
    await this.deps.storage.transaction(async (tx) => {
      for (const event of events) await this.#storeFact(event, tx);
    });
  }

  /** Stores a fact from the network (receipt, inbound message, contact) in `tx`. */
  async #storeFact(event: EngineEvent, tx: Storage): Promise<void> {
    const id = this.session.id;
    switch (event.type) {
      case 'message.status':
        if (event.participant) {
          // A group member's receipt: its own event; the message's status moves with the first.
          const { participant, status } = event;
          if (status === 'failed' || status === 'sent') return;
          await tx.transaction(async (t) => {
            await this.deps.groups?.learnReceipt(id, event.waMessageId, participant, status, event.at, t);
            await this.deps.messages.applyStatus(id, event.waMessageId, status, event.at, undefined, t);
          });
          return;
        }
        if (event.error?.code === 'WA_463' && this.deps.pacing) {
          // WhatsApp's reach-out timelock: the message waits for it to lift instead of failing.
          const held = await tx.transaction((t) =>
            this.deps.pacing!.refusedNewChat(id, event.waMessageId, event.at, t),
          );
          if (held) return;
        }
        await this.deps.messages.applyStatus(id, event.waMessageId, event.status, event.at, event.error, tx);
        return;
      case 'reach_out_lock': {
        const pacing = this.deps.pacing;
        if (!pacing) return;
        const now = Date.now();
        if (event.active) {
          await tx.transaction((t) =>
            pacing.hold(id, event.until ?? now + DEFAULT_HOLD_MS, 'notified', now, t),
          );
        } else if (await pacing.lift(id, now, tx, true)) {
          tx.afterCommit(() => this.#sender.wake());
        }
        return;
      }
      case 'presence': {
        const { type: _type, ...fact } = event;
        await tx.transaction(async (t) => this.deps.profiles?.learnPresence(id, fact, Date.now(), t));
        return;
      }
      case 'message.received':
        await this.deps.messages.recordInbound(this.session.tenantId, id, event, tx);
        return;
      case 'contact': {
        const { type: _type, ...facts } = event;
        await tx.transaction(async (t) => {
          if (this.deps.contacts)
            await this.deps.contacts.learn(this.session.tenantId, id, facts, Date.now(), t);
          else if (facts.lid && facts.phone) await t.contacts.upsert(id, facts.lid, facts.phone, Date.now());
        });
        return;
      }
      case 'blocklist':
        await this.deps.contacts?.syncBlocklist(this.session.tenantId, id, event.blocked, Date.now(), tx);
        return;
      case 'group':
        await this.deps.groups?.learnGroup(id, event.group, event.joined, Date.now(), tx);
        return;
      case 'group.settings':
        await this.deps.groups?.learnSettings(id, event.groupId, event.change, event.by, event.at, tx);
        return;
      case 'group.participants':
        await this.deps.groups?.learnParticipants(
          id,
          event.groupId,
          event.action,
          event.participants,
          event.by,
          event.at,
          tx,
        );
        return;
      default:
        throw new Error(`not a batchable engine event: ${event.type}`);
    }
  }

  async #handle(event: EngineEvent): Promise<void> {
    const id = this.session.id;
    switch (event.type) {
      case 'status': {
        const ended =
          event.status === 'logged_out' || event.status === 'failed' || event.status === 'stopped';
        const endedByEngine = ended && this.#active;
        this.#sender.connected(event.status === 'connected', event.phone);
        await this.deps.sessions.recordStatus(
          id,
          event.status,
          {
            reason: event.reason ?? null,
            ...(event.phone !== undefined && { phone: event.phone }),
            ...(endedByEngine && { desiredState: 'stopped' as const }),
          },
          this.#fence,
        );
        if (event.status === 'connected') this.#sender.wake();
        if (endedByEngine) {
          this.#active = false;
          this.deps.onEnded(id);
        }
        return;
      }
      case 'qr':
        await this.deps.sessions.recordQr(id, event.qr, event.expiresAt);
        return;
      default:
        await this.#storeFact(event, this.deps.storage);
    }
  }
}

const INBOX_BATCH = 64;

const isBatchable = (event: EngineEvent) =>
  event.type === 'message.status' || event.type === 'message.received' || event.type === 'contact';

function describeEvent(event: EngineEvent): object {
  switch (event.type) {
    case 'status':
      return { event: event.type, status: event.status };
    case 'message.status':
      return { event: event.type, waMessageId: event.waMessageId, status: event.status };
    case 'message.received':
      return { event: event.type, waMessageId: event.waMessageId };
    default:
      return { event: event.type };
  }
}
