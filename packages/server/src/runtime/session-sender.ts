import { type MessagesService, SEND_JOB } from '../domain/messages-service.js';
import type { Fence } from '../domain/sessions-service.js';
import { EngineError, type EngineLogger, type EngineSession } from '../engines/engine.js';
import type { Job } from '../storage/repositories/jobs-repo.js';
import type { Storage } from '../storage/storage.js';
import { type BackoffOptions, backoffDelay, STORAGE_RETRY } from './backoff.js';
import { LeaseLostError } from './lease-fence.js';

export interface SenderDeps {
  sessionId: string;
  engineSession: EngineSession;
  storage: Storage;
  messages: MessagesService;
  logger: EngineLogger;
  fence: Fence;
  /** The engine events' inbox: sends wait while it is full (each send causes events). */
  inbox: { readonly full: boolean; drained(): Promise<void> };
  /** The phone number of the account the session was linked to when it started, if any. */
  accountPhone: string | null;
  storageRetry?: BackoffOptions | undefined;
}

const IDLE_POLL_MS = 1000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What became of a job's message in this process, when recording that failed. */
type Outcome = { kind: 'sent' } | { kind: 'refused'; error: { code: string; message: string } };

/**
 * The per-session send loop: the oldest due job first, one at a time, only while connected.
 *
 * A send is an external side effect, so each one is bracketed by two fenced transactions: a
 * write-ahead mark on the job (`handed_at`, also the last check that this node still owns the
 * session) before `engine.send()`, and the job's completion after. When recording the outcome
 * fails, the outcome is kept in memory and only the recording is retried, with back-off: a message
 * the engine accepted is never handed to it again by this process. After a crash, a job found
 * marked but unfinished is sent once more with the same WhatsApp id (`resend`), unless its message
 * already shows the network's ack; see docs/architecture.md.
 */
export class SessionSender {
  readonly #outcomes = new Map<number, Outcome>();
  #loop: Promise<void> | undefined;
  #active = false;
  #connected = false;
  #accountPhone: string | null;
  #storageFailures = 0;
  #wake: (() => void) | undefined;

  constructor(private readonly deps: SenderDeps) {
    this.#accountPhone = deps.accountPhone;
  }

  start(): void {
    this.#active = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#active = false;
    this.#connected = false;
    this.#wake?.();
    await this.#loop;
  }

  /** The engine's connection state, and the account it is linked to once connected. */
  connected(isConnected: boolean, phone: string | undefined): void {
    this.#connected = isConnected;
    if (isConnected && phone) this.#accountPhone = phone;
  }

  wake(): void {
    this.#wake?.();
  }

  async #run(): Promise<void> {
    while (this.#active) {
      // A recorded-but-unfinished send needs storage, not the connection.
      if (!this.#connected && this.#outcomes.size === 0) {
        await this.#idle(IDLE_POLL_MS);
        continue;
      }
      if (this.deps.inbox.full) {
        await Promise.race([this.deps.inbox.drained(), this.#idle(IDLE_POLL_MS)]);
        continue;
      }
      try {
        const job = await this.deps.storage.jobs.nextForSession(SEND_JOB, this.deps.sessionId);
        if (!job) {
          await this.#idle(IDLE_POLL_MS);
          continue;
        }
        const outcome = this.#outcomes.get(job.id);
        if (outcome) {
          await this.#record(job, outcome);
        } else {
          const wait = job.runAt - Date.now();
          if (wait > 0) {
            await this.#idle(Math.min(wait, IDLE_POLL_MS));
            continue;
          }
          await this.#sendOne(job);
        }
        this.#storageFailures = 0;
        // With SQLite every query completes synchronously: without this the loop would keep the
        // event loop busy and starve HTTP requests while a backlog drains.
        await yieldToEventLoop();
      } catch (error) {
        if (error instanceof LeaseLostError) {
          // Another server owns the session now; the manager stops this runtime at its next renewal.
          this.deps.logger.warn({ err: error }, 'sender: lease lost, not sending');
          await this.#idle(IDLE_POLL_MS);
          continue;
        }
        this.#storageFailures += 1;
        const delayMs = backoffDelay(this.#storageFailures, this.deps.storageRetry ?? STORAGE_RETRY);
        this.deps.logger.error(
          { err: error, attempt: this.#storageFailures, retryInMs: delayMs },
          'sender: storage failed; retrying',
        );
        await this.#idle(delayMs);
      }
    }
  }

  async #sendOne(job: Job): Promise<void> {
    const { storage, logger, engineSession, fence } = this.deps;
    const message = await storage.messages.getById(job.refId);
    if (message?.status !== 'queued' || !message.waMessageId || !message.to) {
      // Already out (its ack was recorded), failed, or gone: only the job is left to finish.
      await this.#record(job, { kind: 'sent' });
      return;
    }
    if (message.from && this.#accountPhone && message.from !== this.#accountPhone) {
      // Accepted for the account that was linked then; that account logged out since.
      await this.#record(job, {
        kind: 'refused',
        error: {
          code: 'SESSION_LOGGED_OUT',
          message: `The message was accepted for ${message.from}, which logged out; the session is now linked to ${this.#accountPhone}.`,
        },
      });
      return;
    }
    // The write-ahead mark, fenced: from here on the message may be out.
    await storage.transaction(async (tx) => {
      await fence(tx);
      await tx.jobs.markHanded(job.id, Date.now());
    });
    if (job.handedAt !== null) {
      logger.warn({ messageId: message.id }, 'sender: sending again a message that may already be out');
    }
    let outcome: Outcome;
    try {
      await engineSession.send({
        waMessageId: message.waMessageId,
        to: message.to,
        body: message.body,
        ...(job.handedAt !== null && { resend: true }),
      });
      outcome = { kind: 'sent' };
    } catch (error) {
      if (!(error instanceof EngineError) || error.retryable) {
        await this.#retryLater(job, error);
        return;
      }
      outcome = { kind: 'refused', error: { code: error.code, message: error.message } };
    }
    // Remembered before recording: if recording fails, the send is not repeated.
    this.#outcomes.set(job.id, outcome);
    await this.#record(job, outcome);
  }

  /** Records what happened to a job's message and finishes the job; throws if storage fails. */
  async #record(job: Job, outcome: Outcome): Promise<void> {
    const { storage, messages, fence } = this.deps;
    if (outcome.kind === 'refused') await messages.failQueued(job.refId, outcome.error);
    await storage.transaction(async (tx) => {
      await fence(tx);
      await tx.jobs.delete(job.id);
    });
    this.#outcomes.delete(job.id);
  }

  /** The engine did not take the message (not connected, a dropped socket): try again later. */
  async #retryLater(job: Job, error: unknown): Promise<void> {
    const delayMs = Math.round(
      Math.min(60_000, 1000 * 2 ** Math.min(job.attempts, 6)) * (0.8 + Math.random() * 0.4),
    );
    this.deps.logger.warn(
      { err: error, messageId: job.refId, attempts: job.attempts + 1 },
      'sender: send failed, will retry',
    );
    await this.deps.storage.jobs.reschedule(
      job.id,
      Date.now() + delayMs,
      error instanceof Error ? error.message : String(error),
    );
  }

  #idle(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}
