import type { SecretBox } from '../crypto/secret-box.js';
import { type MessagesService, SEND_JOB } from '../domain/messages-service.js';
import type { SessionsService } from '../domain/sessions-service.js';
import type { Session } from '../domain/types.js';
import {
  type Engine,
  EngineError,
  type EngineEvent,
  type EngineLogger,
  type EngineSession,
} from '../engines/engine.js';
import type { Lease } from '../storage/repositories/leases-repo.js';
import type { Storage } from '../storage/storage.js';
import { createEngineStateStore } from './engine-state-store.js';

export interface RuntimeDeps {
  storage: Storage;
  box: SecretBox;
  sessions: SessionsService;
  messages: MessagesService;
  logger: EngineLogger;
  /** Called when the engine ended by itself (logged out, QR expired, failed). */
  onEnded(sessionId: string): void;
}

const IDLE_POLL_MS = 1000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs one session on this node while it holds the lease: feeds engine events to the domain in
 * order, and sends the session's queued messages one at a time (per-session FIFO).
 */
export class SessionRuntime {
  readonly #engineSession: EngineSession;
  #connected = false;
  #active = true;
  #quiet = false;
  #chain: Promise<void> = Promise.resolve();
  #wake: (() => void) | undefined;
  #sender: Promise<void> | undefined;

  constructor(
    readonly session: Session,
    public lease: Lease,
    readonly engine: Engine,
    private readonly deps: RuntimeDeps,
  ) {
    this.#engineSession = engine.createSession({
      sessionId: session.id,
      state: createEngineStateStore(deps.storage, deps.box, session.id, () => this.lease),
      logger: deps.logger,
      options: { autoPair: session.autoPair },
      emit: (event) => this.#enqueue(event),
      lookupMessage: async (waMessageId) => {
        // Only what this session sent: inbound texts must never be handed back out.
        const message = await deps.storage.messages.findByWaId(session.id, waMessageId);
        if (message?.direction !== 'outbound' || !message.to) return undefined;
        return { to: message.to, toLid: message.toLid, text: message.body.text };
      },
    });
  }

  get engineSession(): EngineSession {
    return this.#engineSession;
  }

  async start(): Promise<void> {
    this.#sender = this.#sendLoop();
    try {
      await this.#engineSession.start();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'engine failed to start');
      await this.deps.sessions.recordStatus(this.session.id, 'failed', {
        reason: error instanceof Error ? error.message : String(error),
      });
      await this.halt();
      this.deps.onEnded(this.session.id);
    }
  }

  /** Resolves once every engine event emitted so far has been recorded. */
  async settled(): Promise<void> {
    let last: Promise<void> | undefined;
    while (last !== this.#chain) {
      last = this.#chain;
      await last;
    }
  }

  notifyQueued(): void {
    this.#wake?.();
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
   * Server shutdown or a lost lease: stop without recording anything the engine says afterwards,
   * so the session's desired state survives and it comes back on restart (or on its new owner).
   */
  async abandon(reason: string): Promise<void> {
    this.#quiet = true;
    await this.#engineSession.stop().catch(() => undefined);
    await this.halt();
    if (reason === 'server_shutdown') {
      await this.deps.sessions.recordStatus(this.session.id, 'stopped', { reason }).catch(() => undefined);
    }
  }

  async halt(): Promise<void> {
    this.#active = false;
    this.#connected = false;
    this.#wake?.();
    await this.#sender;
    await this.#chain;
  }

  #enqueue(event: EngineEvent): void {
    if (this.#quiet) return;
    this.#chain = this.#chain
      .then(yieldToEventLoop)
      .then(() => this.#handle(event))
      .catch((error) =>
        this.deps.logger.error({ err: error, event: event.type }, 'could not record an engine event'),
      );
  }

  async #handle(event: EngineEvent): Promise<void> {
    const id = this.session.id;
    switch (event.type) {
      case 'status': {
        const ended =
          event.status === 'logged_out' || event.status === 'failed' || event.status === 'stopped';
        const endedByEngine = ended && this.#active;
        this.#connected = event.status === 'connected';
        await this.deps.sessions.recordStatus(id, event.status, {
          reason: event.reason ?? null,
          ...(event.phone !== undefined && { phone: event.phone }),
          ...(endedByEngine && { desiredState: 'stopped' as const }),
        });
        if (this.#connected) this.#wake?.();
        if (endedByEngine) {
          this.#active = false;
          this.deps.onEnded(id);
        }
        return;
      }
      case 'qr':
        await this.deps.sessions.recordQr(id, event.qr, event.expiresAt);
        return;
      case 'message.status':
        await this.deps.messages.applyStatus(id, event.waMessageId, event.status, event.at, event.error);
        return;
      case 'message.received':
        await this.deps.messages.recordInbound(this.session.tenantId, id, event);
        return;
      case 'contact':
        await this.deps.storage.transaction((tx) =>
          tx.contacts.upsert(id, event.lid, event.phone, Date.now()),
        );
        return;
    }
  }

  async #idle(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = undefined;
  }

  async #sendLoop(): Promise<void> {
    const { storage } = this.deps;
    while (this.#active) {
      if (!this.#connected) {
        await this.#idle(IDLE_POLL_MS);
        continue;
      }
      let job: Awaited<ReturnType<Storage['jobs']['nextForSession']>>;
      try {
        job = await storage.jobs.nextForSession(SEND_JOB, this.session.id);
      } catch (error) {
        this.deps.logger.error({ err: error }, 'sender: could not read the queue');
        await this.#idle(IDLE_POLL_MS);
        continue;
      }
      if (!job) {
        await this.#idle(IDLE_POLL_MS);
        continue;
      }
      const wait = job.runAt - Date.now();
      if (wait > 0) {
        await this.#idle(Math.min(wait, IDLE_POLL_MS));
        continue;
      }
      await this.#sendOne(job.id, job.refId, job.attempts);
      // With SQLite every query completes synchronously: without this the loop would keep the event
      // loop busy and starve HTTP requests while a backlog drains.
      await yieldToEventLoop();
    }
  }

  async #sendOne(jobId: number, messageId: string, attempts: number): Promise<void> {
    const { storage, messages, logger } = this.deps;
    const finish = () =>
      storage.transaction(async (tx) => {
        if (await tx.leases.holds(this.lease)) await tx.jobs.delete(jobId);
      });
    try {
      const message = await storage.messages.getById(messageId);
      if (message?.status !== 'queued' || !message.waMessageId || !message.to) {
        await finish();
        return;
      }
      await this.#engineSession.send({
        waMessageId: message.waMessageId,
        to: message.to,
        body: message.body,
      });
      await finish();
    } catch (error) {
      if (error instanceof EngineError && !error.retryable) {
        await messages.failQueued(messageId, { code: error.code, message: error.message });
        await finish();
        return;
      }
      const delay = Math.min(60_000, 1000 * 2 ** Math.min(attempts, 6)) * (0.8 + Math.random() * 0.4);
      logger.warn({ err: error, messageId, attempts: attempts + 1 }, 'sender: send failed, will retry');
      await storage.jobs
        .reschedule(
          jobId,
          Date.now() + Math.round(delay),
          error instanceof Error ? error.message : String(error),
        )
        .catch((e) => logger.error({ err: e }, 'sender: could not reschedule'));
    }
  }
}
