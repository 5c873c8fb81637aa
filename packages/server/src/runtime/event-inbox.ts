import type { EngineLogger } from '../engines/engine.js';
import { type BackoffOptions, backoffDelay, STORAGE_RETRY } from './backoff.js';

export interface EventInboxOptions<T> {
  /** Stores one item; throwing means "not stored", and the item is tried again. */
  handle(item: T): Promise<void>;
  /** True for an error after which retrying is pointless (the item is dropped, and logged). */
  isFinal?(error: unknown, item: T): boolean;
  /** The high-water mark: `push()` answers false from this many items on. */
  capacity: number;
  retry?: BackoffOptions;
  logger: EngineLogger;
  describe?(item: T): object;
  /**
   * Stores several items at once (in one transaction, sharing one commit). Consecutive items that
   * `accepts` go through it together, up to `max`; if it throws, they are stored one by one through
   * `handle` with the usual retries, so batching changes how fast, never what, is stored.
   */
  batch?: { handle(items: T[]): Promise<void>; accepts(item: T): boolean; max: number };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A session's engine events on their way to storage: stored one at a time and in order, each
 * retried with back-off until it is stored (storage failing for a while loses nothing), and bounded
 * by back-pressure instead of by dropping. `push()` always takes the item and answers, like a Node
 * stream's `write()`, whether the producer may go on; a producer told `false` waits for
 * `drained()` (the inbox is back under half its capacity) before producing more.
 */
export class EventInbox<T> {
  readonly #items: T[] = [];
  readonly #options: EventInboxOptions<T>;
  #worker: Promise<void> | undefined;
  #drainWaiters: Array<() => void> = [];
  #wakeSleep: (() => void) | undefined;
  #closed = false;
  /** The most items held at once, for tests and diagnostics. */
  #highest = 0;

  constructor(options: EventInboxOptions<T>) {
    this.#options = options;
  }

  get size(): number {
    return this.#items.length;
  }

  get highest(): number {
    return this.#highest;
  }

  get full(): boolean {
    return this.#items.length >= this.#options.capacity;
  }

  /** Takes `item` (never drops it); false asks the producer to wait for `drained()`. */
  push(item: T): boolean {
    this.#items.push(item);
    this.#highest = Math.max(this.#highest, this.#items.length);
    this.#startWorker();
    return !this.full;
  }

  /** Resolves once the inbox is under half its capacity (at once if it is), or closed. */
  drained(): Promise<void> {
    if (this.#belowLowWater() || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /**
   * Resolves true once everything pushed so far is stored, or false after `timeoutMs` (storage is
   * still failing; the inbox keeps retrying in the background).
   */
  async idle(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#worker) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      const worker = this.#worker;
      if (!Number.isFinite(left)) {
        await worker;
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        worker.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), left);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) return false;
    }
    return true;
  }

  /** Stops retrying: returns what could not be stored (the caller logs it). */
  close(): T[] {
    this.#closed = true;
    this.#wakeSleep?.();
    this.#releaseDrainWaiters();
    return this.#items.splice(0);
  }

  #startWorker(): void {
    if (this.#worker || this.#closed) return;
    this.#worker = this.#run().finally(() => {
      this.#worker = undefined;
      // An item pushed while the worker was finishing.
      if (this.#items.length > 0) this.#startWorker();
    });
  }

  async #run(): Promise<void> {
    const { handle, isFinal, logger, describe } = this.#options;
    const retry = this.#options.retry ?? STORAGE_RETRY;
    while (this.#items.length > 0 && !this.#closed) {
      const item = this.#items[0] as T;
      // With SQLite every query completes synchronously: yield so HTTP requests are not starved.
      await yieldToEventLoop();
      if (await this.#storeBatch()) continue;
      for (let attempt = 1; !this.#closed; attempt++) {
        try {
          await handle(item);
          break;
        } catch (error) {
          const about = { err: error, ...describe?.(item) };
          if (isFinal?.(error, item)) {
            logger.warn(about, 'engine event dropped');
            break;
          }
          const delayMs = backoffDelay(attempt, retry);
          const level = attempt >= 5 ? 'error' : 'warn';
          logger[level](
            { ...about, attempt, retryInMs: delayMs },
            'could not store an engine event; retrying',
          );
          await this.#sleep(delayMs);
        }
      }
      if (this.#closed) return;
      this.#items.shift();
      if (this.#belowLowWater()) this.#releaseDrainWaiters();
    }
  }

  /** Stores a run of batchable items from the head at once; false when there is none or it failed. */
  async #storeBatch(): Promise<boolean> {
    const batch = this.#options.batch;
    if (!batch) return false;
    let n = 0;
    while (n < batch.max && n < this.#items.length && batch.accepts(this.#items[n] as T)) n++;
    if (n < 2) return false;
    try {
      await batch.handle(this.#items.slice(0, n));
    } catch (error) {
      this.#options.logger.warn(
        { err: error, items: n },
        'could not store engine events together; one by one',
      );
      return false;
    }
    if (this.#closed) return true;
    this.#items.splice(0, n);
    if (this.#belowLowWater()) this.#releaseDrainWaiters();
    return true;
  }

  #belowLowWater(): boolean {
    return this.#items.length < Math.max(1, Math.floor(this.#options.capacity / 2));
  }

  #releaseDrainWaiters(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      // Unref'd: an inbox still retrying after its runtime stopped must not keep a process alive.
      const timer = setTimeout(resolve, ms).unref();
      this.#wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      this.#wakeSleep = undefined;
    });
  }
}
