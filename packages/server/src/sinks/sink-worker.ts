import type { SinkConfig } from '../config/sinks-schema.js';
import type { EngineLogger } from '../engines/engine.js';
import { backoffDelay } from '../runtime/backoff.js';
import type { Storage } from '../storage/storage.js';
import { type SinkPublisher, sinkMessage } from './sink-publisher.js';

/**
 * Publishes one sink's outbox: claims a batch of due rows, publishes each event, removes the rows
 * the broker acknowledged and reschedules the rest with back-off (retries never stop: an event is
 * owed until it is acknowledged). While the broker fails every publish, the worker probes with one
 * message at a time on its own back-off instead of cycling the whole backlog through timeouts.
 */
export class SinkWorker {
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #woken = false;
  /** Consecutive batches of which nothing was acknowledged. */
  #failures = 0;
  #published = 0;

  constructor(
    private readonly storage: Storage,
    readonly sink: SinkConfig,
    private readonly publisher: SinkPublisher,
    private readonly logger: EngineLogger,
    private readonly options: { owner: string },
  ) {}

  /** Messages acknowledged by the broker since start. */
  get published(): number {
    return this.#published;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    await this.publisher.close();
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let more = false;
      try {
        more = await this.#once();
      } catch (error) {
        this.logger.error({ err: error, sink: this.sink.name }, 'sinks: could not work the outbox');
        this.#failures++;
      }
      if (!this.#running) break;
      if (this.#failures > 0) {
        await this.#sleep(
          backoffDelay(this.#failures, { baseMs: this.sink.retryBaseMs, maxMs: this.sink.retryMaxMs }),
          false,
        );
      } else if (!more) {
        await this.#sleep(this.sink.pollIntervalMs, true);
      }
    }
  }

  /** Waits `ms`, or less when woken (if `wakeable`: new rows were committed). */
  #sleep(ms: number, wakeable: boolean): Promise<void> {
    if (wakeable && this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = () => {
        if (!this.#running || wakeable) {
          this.#woken = false;
          done();
        }
      };
    });
  }

  /** One batch; true when the batch was full (more may be due). */
  async #once(): Promise<boolean> {
    const { owner } = this.options;
    const { name, batchSize, publishTimeoutMs } = this.sink;
    const limit = this.#failures > 0 ? 1 : batchSize;
    const now = Date.now();
    const rows = await this.storage.transaction((tx) =>
      tx.sinkOutbox.claimDue({
        sink: name,
        owner,
        now,
        // Long enough for every publish of the batch to time out and be recorded.
        lockedUntil: now + Math.max(30_000, publishTimeoutMs * 3),
        limit,
        skipLocked: tx.supportsSkipLocked,
      }),
    );
    if (rows.length === 0) {
      this.#failures = 0;
      return false;
    }
    const ids = rows.map((r) => r.eventId);
    if (!this.#running) {
      await this.storage.sinkOutbox.release(name, ids, owner);
      return false;
    }
    const events = new Map((await this.storage.events.getMany(ids)).map((e) => [e.id, e]));
    const missing = ids.filter((id) => !events.has(id));
    if (missing.length > 0) {
      this.logger.warn({ sink: name, events: missing }, 'sinks: queued events no longer exist; dropped');
    }
    const outcomes = await Promise.allSettled(
      [...events.values()].map(async (e) => {
        await this.publisher.publish(sinkMessage(e));
        return e.id;
      }),
    );
    const acked = [...missing];
    const failed: string[] = [];
    let lastError: unknown;
    for (const [i, o] of outcomes.entries()) {
      if (o.status === 'fulfilled') acked.push(o.value);
      else {
        failed.push([...events.keys()][i]!);
        lastError = o.reason;
      }
    }
    await this.storage.sinkOutbox.complete(name, acked, owner);
    this.#published += acked.length - missing.length;
    if (failed.length > 0) {
      const attempts =
        Math.max(...rows.filter((r) => failed.includes(r.eventId)).map((r) => r.attemptCount)) + 1;
      const message = lastError instanceof Error ? lastError.message : String(lastError);
      await this.storage.sinkOutbox.retry(name, failed, owner, {
        nextAttemptAt:
          Date.now() + backoffDelay(attempts, { baseMs: this.sink.retryBaseMs, maxMs: this.sink.retryMaxMs }),
        error: message,
      });
      // A lost connection is connected again on the next publish.
      await this.publisher.reset();
      if (acked.length === 0) {
        this.#failures++;
        this.logger.warn(
          { sink: name, failures: this.#failures, err: message },
          'sinks: the broker acknowledged nothing; retrying with back-off',
        );
      }
      return false;
    }
    if (this.#failures > 0) this.logger.info({ sink: name }, 'sinks: the broker acknowledges again');
    this.#failures = 0;
    return rows.length === limit;
  }
}
