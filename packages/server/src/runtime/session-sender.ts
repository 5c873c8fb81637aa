import { type MessagesService, SEND_JOB } from '../domain/messages-service.js';
import type { Fence } from '../domain/sessions-service.js';
import {
  EngineError,
  type EngineLogger,
  type EngineSession,
  type OutboundMessage,
  type SendResult,
} from '../engines/engine.js';
import type { Job } from '../storage/repositories/jobs-repo.js';
import type { Storage } from '../storage/storage.js';
import { type BackoffOptions, backoffDelay, STORAGE_RETRY } from './backoff.js';
import { LeaseLostError } from './lease-fence.js';
import type { SendPacer } from './send-pacer.js';

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
  /** Paces the sends and holds new chats (see SendPacer); without it, everything due goes. */
  pacer?: SendPacer | undefined;
}

const IDLE_POLL_MS = 1000;
/** How many due jobs one round of the send loop takes. */
const SEND_BATCH = 64;
/** How far down the queue a round looks while messages to new chats are kept back. */
const WIDE_BATCH = 512;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What became of a job's message in this process, when recording that failed. */
type Outcome = { kind: 'sent' } | { kind: 'refused'; error: { code: string; message: string } };

/**
 * The per-session send loop: the oldest due jobs first, in order, only while connected, in runs of
 * up to SEND_BATCH (an engine with `sendMany` takes a run at once; others one message after the
 * other).
 *
 * A send is an external side effect, so each run is bracketed by two fenced transactions: a
 * write-ahead mark on its jobs (`handed_at`, also the last check that this node still owns the
 * session) before the engine takes them, and the jobs' completion after. When recording the outcome
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
  /** The pacer kept messages back last round: look further down the queue. */
  #wide = false;

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
        const window = this.#wide ? WIDE_BATCH : SEND_BATCH;
        const jobs = await this.deps.storage.jobs.listForSession(SEND_JOB, this.deps.sessionId, window);
        // FIFO: the due jobs at the head of the queue; a later job waits while an earlier one is
        // not due yet (it is being retried).
        const now = Date.now();
        const ready: Job[] = [];
        for (const job of jobs) {
          if (job.runAt > now && !this.#outcomes.has(job.id)) break;
          if (!this.#connected && !this.#outcomes.has(job.id)) break;
          ready.push(job);
        }
        if (ready.length === 0) {
          const head = jobs[0];
          await this.#idle(head ? Math.max(1, Math.min(head.runAt - now, IDLE_POLL_MS)) : IDLE_POLL_MS);
          continue;
        }
        const retryAt = await this.#sendBatch(ready);
        this.#storageFailures = 0;
        if (retryAt !== undefined) {
          // Nothing could go now (paced, or held new chats): wait for the pacer's time.
          await this.#idle(Math.max(1, Math.min((retryAt ?? now + IDLE_POLL_MS) - Date.now(), IDLE_POLL_MS)));
          continue;
        }
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

  /**
   * Sends a run of due jobs in order: one fenced transaction marks them all, the engine takes them
   * (all at once where it can), one fenced transaction records them all. A retryable refusal stops
   * the run there: that job is retried later and the ones after it wait (FIFO). The pacer may keep
   * jobs back (they stay queued); when it kept back everything, answers when to look again (null:
   * the usual poll).
   */
  async #sendBatch(jobs: Job[]): Promise<number | null | undefined> {
    const { storage, logger, fence } = this.deps;
    const messages = await storage.messages.getByIds(jobs.map((j) => j.refId));
    const done: Array<{ job: Job; outcome: Outcome }> = [];
    let toSend: Array<{ job: Job; messageId: string; message: OutboundMessage }> = [];
    for (const job of jobs) {
      const known = this.#outcomes.get(job.id);
      if (known) {
        done.push({ job, outcome: known });
        continue;
      }
      const message = messages.get(job.refId);
      if (message?.status !== 'queued' || !message.waMessageId || !message.to) {
        // Already out (its ack was recorded), failed, or gone: only the job is left to finish.
        done.push({ job, outcome: { kind: 'sent' } });
        continue;
      }
      if (message.from && this.#accountPhone && message.from !== this.#accountPhone) {
        // Accepted for the account that was linked then; that account logged out since.
        done.push({
          job,
          outcome: {
            kind: 'refused',
            error: {
              code: 'SESSION_LOGGED_OUT',
              message: `The message was accepted for ${message.from}, which logged out; the session is now linked to ${this.#accountPhone}.`,
            },
          },
        });
        continue;
      }
      toSend.push({
        job,
        messageId: message.id,
        message: {
          waMessageId: message.waMessageId,
          to: message.to,
          body: message.body,
          ...(job.handedAt !== null && { resend: true }),
        },
      });
    }

    let newChats = new Set<string>();
    let keptBack: number | null | undefined;
    if (this.deps.pacer && toSend.length > 0) {
      const candidates = toSend.map((t) => ({ jobId: t.job.id, to: t.message.to }));
      const admission = await this.deps.pacer.admit(candidates, Date.now());
      this.#wide = admission.skippedNewChats;
      toSend = toSend.filter((t) => admission.admitted.has(t.job.id));
      newChats = admission.newChats;
      if (toSend.length === 0 && done.length === 0) keptBack = admission.retryAt;
    }
    if (toSend.length > 0) {
      // The write-ahead mark, fenced: from here on these messages may be out. A job that is gone
      // by now was cancelled: its message stays unsent. A message to a new chat opens it.
      const marked = await storage.transaction(async (tx) => {
        await fence(tx);
        const at = Date.now();
        for (const to of newChats) await tx.knownChats.open(this.deps.sessionId, to, 'session', at);
        return tx.jobs.markHanded(
          toSend.map((t) => t.job.id),
          at,
        );
      });
      toSend = toSend.filter((t) => marked.has(t.job.id));
    }
    if (toSend.length > 0) {
      for (const { job, messageId } of toSend) {
        if (job.handedAt !== null) {
          logger.warn({ messageId }, 'sender: sending again a message that may already be out');
        }
      }
      const results = await this.#handOver(toSend.map((t) => t.message));
      this.deps.pacer?.handedOver(Date.now());
      const untouched: number[] = [];
      for (const [i, { job }] of toSend.entries()) {
        const result = results[i] ?? { outcome: 'not_attempted' };
        if (result.outcome === 'not_attempted') {
          untouched.push(job.id);
          continue;
        }
        if (result.outcome === 'refused' && result.error.retryable) {
          await this.#retryLater(job, result.error);
          continue;
        }
        const outcome: Outcome =
          result.outcome === 'sent'
            ? { kind: 'sent' }
            : { kind: 'refused', error: { code: result.error.code, message: result.error.message } };
        // Remembered before recording: if recording fails, the send is not repeated.
        this.#outcomes.set(job.id, outcome);
        done.push({ job, outcome });
      }
      if (untouched.length > 0) await storage.jobs.clearHanded(untouched);
    }
    await this.#record(done);
    return keptBack;
  }

  /** Hands messages to the engine in order: all at once if it can, else one by one. */
  async #handOver(messages: OutboundMessage[]): Promise<SendResult[]> {
    const { engineSession } = this.deps;
    const asResult = (error: unknown): SendResult =>
      error instanceof EngineError
        ? { outcome: 'refused', error }
        : { outcome: 'refused', error: new EngineError('SEND_FAILED', String(error), true) };
    if (engineSession.sendMany) {
      try {
        return await engineSession.sendMany(messages);
      } catch (error) {
        const first = asResult(error);
        return messages.map((_, i) => (i === 0 ? first : { outcome: 'not_attempted' as const }));
      }
    }
    const results: SendResult[] = [];
    for (const message of messages) {
      try {
        await engineSession.send(message);
        results.push({ outcome: 'sent' });
      } catch (error) {
        const result = asResult(error);
        results.push(result);
        if (result.outcome === 'refused' && result.error.retryable) break;
      }
    }
    return results;
  }

  /** Records what happened to these jobs' messages and finishes the jobs, in one fenced transaction. */
  async #record(done: Array<{ job: Job; outcome: Outcome }>): Promise<void> {
    if (done.length === 0) return;
    const { storage, messages, fence } = this.deps;
    await storage.transaction(async (tx) => {
      await fence(tx);
      for (const { job, outcome } of done) {
        if (outcome.kind === 'refused') await messages.failQueued(job.refId, outcome.error, tx);
      }
      await tx.jobs.delete(done.map((d) => d.job.id));
    });
    for (const { job } of done) this.#outcomes.delete(job.id);
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
