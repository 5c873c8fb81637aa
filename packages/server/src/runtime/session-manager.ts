import type { SecretBox } from '../crypto/secret-box.js';
import type { ContactsService } from '../domain/contacts-service.js';
import type { GroupFacts } from '../domain/group-facts.js';
import type { MediaService } from '../domain/media-service.js';
import type { MessagesService } from '../domain/messages-service.js';
import type { PacingService } from '../domain/pacing-service.js';
import type { ProfilesService } from '../domain/profiles-service.js';
import type { GroupMethod, SessionControl } from '../domain/session-control.js';
import type { SessionsService } from '../domain/sessions-service.js';
import type {
  ChatPresence,
  ContactIdentity,
  Engine,
  EngineLogger,
  EngineSession,
  NumberCheck,
} from '../engines/engine.js';
import { EngineError } from '../engines/engine.js';
import { AppError } from '../errors/app-error.js';
import type { LeaseHolder } from '../storage/repositories/leases-repo.js';
import type { Storage } from '../storage/storage.js';
import type { BackoffOptions } from './backoff.js';
import { callEngine } from './engine-call.js';
import { createEngineStateStore } from './engine-state-store.js';
import { LeaseLostError, leaseFence } from './lease-fence.js';
import { holderIsGone } from './lease-holder.js';
import { SessionRuntime } from './session-runtime.js';

export interface SessionManagerOptions {
  /** This process's lease owner id: unique per process (see `processHolder()`). */
  owner: string;
  /** This process, recorded with its leases so a successor on the same host can prove it gone. */
  holder: LeaseHolder;
  leaseTtlMs: number;
  renewIntervalMs: number;
  engines: ReadonlyMap<string, Engine>;
  logger: EngineLogger & { child?(bindings: object): EngineLogger };
  inboxCapacity?: number | undefined;
  storageRetry?: BackoffOptions | undefined;
  /** Media files, for engines that send or receive them. */
  media?: MediaService | undefined;
  /** Stores what engines learn about contacts (and announces it). */
  contacts?: ContactsService | undefined;
  /** Stores what engines learn about groups (and announces it). */
  groups?: GroupFacts | undefined;
  /** Paces the sessions' sends and holds their new chats on WhatsApp's 463. */
  pacing?: PacingService | undefined;
  /** Announces contacts' presence. */
  profiles?: ProfilesService | undefined;
}

/** How long a launch waits for the engine's first events to be stored before it returns. */
const LAUNCH_SETTLE_MS = 2000;

/**
 * Owns the sessions that run on this node. A session runs where its lease is held; the lease is
 * renewed on a timer, and sessions that should run but have no live owner (after a restart or a
 * crash of their owner) are picked up on the same timer. Control operations on one session (start,
 * stop, logout) run one at a time, so a logout racing a delete sees a consistent session.
 */
export class SessionManager implements SessionControl {
  readonly #runtimes = new Map<string, SessionRuntime>();
  readonly #locks = new Map<string, Promise<void>>();
  /** Sessions this node cannot run (no such engine here), so the warning is logged once. */
  readonly #unrunnable = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    private readonly storage: Storage,
    private readonly box: SecretBox,
    private readonly sessions: SessionsService,
    private readonly messages: MessagesService,
    private readonly options: SessionManagerOptions,
  ) {}

  async start(): Promise<void> {
    await this.#tick();
    this.#timer = setInterval(() => void this.#tick(), this.options.renewIntervalMs);
  }

  async shutdown(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await Promise.allSettled(this.#locks.values());
    await Promise.allSettled(
      [...this.#runtimes.values()].map(async (r) => {
        await r.abandon('server_shutdown');
        await this.storage.leases.release(r.lease);
      }),
    );
    this.#runtimes.clear();
  }

  engineCapabilities(engine: string) {
    return this.options.engines.get(engine)?.capabilities;
  }

  get localSessionIds(): string[] {
    return [...this.#runtimes.keys()];
  }

  /** The runtime of a session running here (diagnostics, tests). */
  runtimeOf(sessionId: string): SessionRuntime | undefined {
    return this.#runtimes.get(sessionId);
  }

  notifyQueued(sessionId: string): void {
    this.#runtimes.get(sessionId)?.notifyQueued();
  }

  ensureRunning(sessionId: string): Promise<void> {
    if (this.#closed || this.#runtimes.has(sessionId)) return Promise.resolve();
    return this.#exclusive(sessionId, () => this.#launch(sessionId));
  }

  stop(sessionId: string): Promise<void> {
    return this.#exclusive(sessionId, () => this.#stop(sessionId));
  }

  logout(sessionId: string): Promise<void> {
    return this.#exclusive(sessionId, async () => {
      try {
        await this.#logout(sessionId);
      } catch (error) {
        if (!(error instanceof LeaseLostError)) throw error;
        throw new AppError('SESSION_STATE_CONFLICT', {
          message: 'Another server took the session over while it was logging out; try again.',
          cause: error,
        });
      }
    });
  }

  async simulateScan(sessionId: string, phone?: string): Promise<void> {
    const runtime = this.#runtimes.get(sessionId);
    const scan = runtime?.engineSession.simulateScan;
    if (!runtime || !scan) {
      throw new AppError('SESSION_STATE_CONFLICT', {
        message: 'The session is not waiting for a scan on this server.',
      });
    }
    try {
      await scan.call(runtime.engineSession, phone === undefined ? {} : { phone });
    } catch (error) {
      if (error instanceof EngineError) {
        throw new AppError('SESSION_STATE_CONFLICT', { message: error.message });
      }
      throw error;
    }
    await runtime.settled(LAUNCH_SETTLE_MS);
  }

  async requestPairingCode(sessionId: string, phone: string): Promise<string> {
    const runtime = this.#runtimes.get(sessionId);
    const request = runtime?.engineSession.requestPairingCode;
    if (!runtime || !request) {
      throw new AppError('SESSION_STATE_CONFLICT', {
        message: 'The session is not waiting to be paired on this server.',
      });
    }
    try {
      return await request.call(runtime.engineSession, phone);
    } catch (error) {
      if (error instanceof EngineError) {
        throw new AppError('SESSION_STATE_CONFLICT', { message: error.message });
      }
      throw error;
    }
  }

  async sendPresence(sessionId: string, to: string, state: ChatPresence): Promise<void> {
    const runtime = this.#runtimes.get(sessionId);
    const send = runtime?.engineSession.sendPresence;
    if (!runtime || !send) {
      throw new AppError(runtime ? 'CAPABILITY_NOT_SUPPORTED' : 'SESSION_NOT_CONNECTED', {
        message: runtime
          ? "The session's engine cannot show typing or recording."
          : 'The session is not running on this server.',
      });
    }
    try {
      await send.call(runtime.engineSession, to, state);
    } catch (error) {
      if (error instanceof EngineError)
        throw new AppError('SESSION_NOT_CONNECTED', { message: error.message });
      throw error;
    }
  }

  async sendReadReceipts(sessionId: string, from: string, waMessageIds: readonly string[]): Promise<boolean> {
    const runtime = this.#runtimes.get(sessionId);
    const mark = runtime?.engineSession.markRead;
    if (!runtime || !mark || waMessageIds.length === 0) return false;
    try {
      await mark.call(runtime.engineSession, from, waMessageIds);
      return true;
    } catch (error) {
      this.options.logger.warn({ err: error, sessionId }, 'read receipts were not sent');
      return false;
    }
  }

  checkNumbers(sessionId: string, phones: readonly string[]): Promise<NumberCheck[]> {
    const session = this.#runtimes.get(sessionId)?.engineSession;
    return callEngine(session, 'checkNumbers', 'check numbers', (s) => s.checkNumbers?.(phones));
  }

  setBlocked(sessionId: string, contact: ContactIdentity, blocked: boolean): Promise<void> {
    const session = this.#runtimes.get(sessionId)?.engineSession;
    return callEngine(session, 'setBlocked', 'block contacts', (s) => s.setBlocked?.(contact, blocked));
  }

  groupCall<T>(
    sessionId: string,
    method: GroupMethod,
    call: (session: EngineSession) => Promise<T> | undefined,
  ): Promise<T> {
    const session = this.#runtimes.get(sessionId)?.engineSession;
    return callEngine(session, method, 'manage groups', call);
  }

  engineCall<T>(
    sessionId: string,
    method: keyof EngineSession,
    what: string,
    call: (session: EngineSession) => Promise<T> | undefined,
  ): Promise<T> {
    return callEngine(this.#runtimes.get(sessionId)?.engineSession, method, what, call);
  }

  /** Runs `task` after every earlier control operation on the same session has finished. */
  #exclusive(sessionId: string, task: () => Promise<void>): Promise<void> {
    const previous = this.#locks.get(sessionId) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#locks.set(sessionId, tail);
    void tail.then(() => {
      if (this.#locks.get(sessionId) === tail) this.#locks.delete(sessionId);
    });
    return run;
  }

  #acquire(sessionId: string) {
    return this.storage.leases.acquire(sessionId, this.options.owner, Date.now(), this.options.leaseTtlMs, {
      holder: this.options.holder,
      holderIsGone,
    });
  }

  async #launch(sessionId: string): Promise<void> {
    if (this.#closed || this.#runtimes.has(sessionId)) return;
    const session = await this.storage.sessions.getById(sessionId);
    if (session?.desiredState !== 'running') return;
    const engine = this.options.engines.get(session.engine);
    if (!engine) {
      // Not this node's to judge: a node with that engine runs the session.
      if (!this.#unrunnable.has(sessionId)) {
        this.#unrunnable.add(sessionId);
        this.options.logger.warn(
          { session: sessionId, engine: session.engine },
          'this server has no such engine; leaving the session to one that has',
        );
      }
      return;
    }
    const lease = await this.#acquire(sessionId);
    if (!lease) return;
    if (this.#closed) {
      await this.storage.leases.release(lease);
      return;
    }
    const logger = this.options.logger.child?.({ session: sessionId }) ?? this.options.logger;
    const runtime = new SessionRuntime(session, lease, engine, {
      storage: this.storage,
      box: this.box,
      sessions: this.sessions,
      messages: this.messages,
      logger,
      onEnded: (id) => void this.#ended(id, runtime),
      inboxCapacity: this.options.inboxCapacity,
      storageRetry: this.options.storageRetry,
      media: this.options.media,
      contacts: this.options.contacts,
      groups: this.options.groups,
      pacing: this.options.pacing,
      profiles: this.options.profiles,
    });
    this.#runtimes.set(sessionId, runtime);
    await runtime.start();
    await runtime.settled(LAUNCH_SETTLE_MS);
  }

  async #stop(sessionId: string): Promise<void> {
    const runtime = this.#runtimes.get(sessionId);
    if (!runtime) return;
    this.#runtimes.delete(sessionId);
    await runtime.stop();
    await this.storage.leases.release(runtime.lease);
  }

  async #logout(sessionId: string): Promise<void> {
    const runtime = this.#runtimes.get(sessionId);
    if (runtime) {
      this.#runtimes.delete(sessionId);
      try {
        await runtime.logout();
      } finally {
        await this.storage.leases.release(runtime.lease).catch(() => undefined);
      }
      return;
    }
    // Not running here: take the lease briefly to clear credentials safely.
    const lease = await this.#acquire(sessionId);
    if (!lease) {
      throw new AppError('SESSION_STATE_CONFLICT', { message: 'The session is running on another server.' });
    }
    try {
      await createEngineStateStore(this.storage, this.box, sessionId, () => lease).clear();
      const session = await this.storage.sessions.getById(sessionId);
      if (session && session.status !== 'logged_out' && session.phone !== null) {
        await this.sessions.recordStatus(
          sessionId,
          'logged_out',
          { reason: 'logged out through the API' },
          leaseFence(() => lease),
        );
      }
    } finally {
      await this.storage.leases.release(lease);
    }
  }

  async #ended(sessionId: string, runtime: SessionRuntime): Promise<void> {
    if (this.#runtimes.get(sessionId) !== runtime) return;
    this.#runtimes.delete(sessionId);
    await runtime.halt();
    await this.storage.leases.release(runtime.lease).catch(() => undefined);
  }

  async #tick(): Promise<void> {
    if (this.#closed) return;
    for (const [id, runtime] of this.#runtimes) {
      const now = Date.now();
      try {
        const session = await this.storage.sessions.getById(id);
        if (!session) {
          // Deleted through another server: unlink the device and forget the credentials here.
          if (await this.storage.sessions.isDeleted(null, id)) await this.logout(id);
          else await this.stop(id);
          continue;
        }
        if (session.desiredState === 'stopped') {
          await this.stop(id);
          continue;
        }
        if (await this.storage.leases.renew(runtime.lease, now, this.options.leaseTtlMs)) {
          runtime.lease = { ...runtime.lease, expiresAt: now + this.options.leaseTtlMs };
          continue;
        }
        this.options.logger.warn({ session: id }, 'lease lost; stopping the local runtime');
        await this.#giveUp(id, runtime, 'lease_lost');
      } catch (error) {
        this.options.logger.error({ err: error, session: id }, 'could not renew a lease');
        // Unable to prove we still own it: stop before the lease can expire and another server
        // connects the same account (two sockets on one account get one of them kicked, 440).
        if (Date.now() + this.options.renewIntervalMs >= runtime.lease.expiresAt) {
          await this.#giveUp(id, runtime, 'lease_unrenewable');
        }
      }
    }
    try {
      for (const session of await this.storage.sessions.listDesiredRunning()) {
        if (!this.#runtimes.has(session.id)) await this.ensureRunning(session.id);
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not look for sessions to run');
    }
    try {
      const failed = await this.messages.failOrphans();
      if (failed > 0) this.options.logger.info({ failed }, 'failed messages of deleted sessions');
      for (const id of await this.storage.leases.listFreeOfDeletedSessions(Date.now(), 20)) {
        await this.#exclusive(id, () => this.#erase(id));
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not clean up deleted sessions');
    }
  }

  /**
   * The last step of a delete, for a session nobody runs: its credentials are erased under its
   * lease, then the lease row goes (which is what marks the tombstone as cleaned up).
   */
  async #erase(sessionId: string): Promise<void> {
    if (this.#runtimes.has(sessionId)) return;
    const lease = await this.#acquire(sessionId);
    if (!lease) return;
    await createEngineStateStore(this.storage, this.box, sessionId, () => lease).clear();
    await this.storage.leases.remove(lease);
  }

  /** Gives a session up without writing anything: another server may own it by now. */
  async #giveUp(id: string, runtime: SessionRuntime, reason: string): Promise<void> {
    this.#runtimes.delete(id);
    await runtime.abandon(reason);
  }
}
