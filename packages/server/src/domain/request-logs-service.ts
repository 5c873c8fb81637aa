import type { Logger } from 'pino';
import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { RequestLog, RequestLogFilter } from './request-log.js';
import { tail } from './tail.js';
import type { Mode, Page } from './types.js';

const DAY_MS = 86_400_000;
const STREAM_BATCH = 100;

export interface RequestLogsOptions {
  retentionDays: number;
  flushIntervalMs: number;
  /** Entries kept in memory at most while the database is slow or down; more are dropped. */
  maxPending: number;
  pruneIntervalMs: number;
}

export type NewRequestLog = Omit<RequestLog, 'id'>;

/**
 * The API request log. `record()` only queues (a request never waits for, or fails because of,
 * its log line); queued entries are written in one batch every `flushIntervalMs`, and `close()`
 * writes what is left. Entries older than `retentionDays` are pruned every `pruneIntervalMs`.
 */
export class RequestLogsService {
  #pending: RequestLog[] = [];
  #timer: NodeJS.Timeout | undefined;
  #pruneTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #dropped = 0;
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly options: RequestLogsOptions,
  ) {}

  record(entry: NewRequestLog): void {
    if (this.#pending.length >= this.options.maxPending) {
      if (this.#dropped++ === 0) this.logger.warn('request log backlog full; dropping entries');
      return;
    }
    this.#pending.push({ id: newId('log'), ...entry });
    if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.flush();
      }, this.options.flushIntervalMs);
      this.#timer.unref();
    }
  }

  /** Writes the queued entries now; resolves once they are committed (or kept after a failure). */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#write());
    return this.#flushing;
  }

  async #write(): Promise<void> {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    try {
      await this.storage.transaction((tx) => tx.requestLogs.insertMany(batch));
    } catch (error) {
      // Kept for the next flush, in front of newer entries, within the cap.
      this.#pending = [...batch, ...this.#pending].slice(0, this.options.maxPending);
      this.logger.warn({ err: error }, 'request log flush failed; will retry');
      return;
    }
    if (this.#dropped > 0) {
      this.logger.warn({ dropped: this.#dropped }, 'request log entries were dropped');
      this.#dropped = 0;
    }
    for (const wake of this.#listeners) wake();
  }

  /** Starts the periodic pruning (and prunes once now). */
  start(): void {
    const tick = () =>
      void this.prune().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'request log prune failed'),
      );
    tick();
    this.#pruneTimer = setInterval(tick, this.options.pruneIntervalMs);
    this.#pruneTimer.unref();
  }

  /** Deletes entries older than the retention; returns how many. */
  prune(now = Date.now()): Promise<number> {
    return this.storage.requestLogs.prune(now - this.options.retentionDays * DAY_MS);
  }

  async close(): Promise<void> {
    clearInterval(this.#pruneTimer);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  /** Newest first; `startingAfter` is a log id. */
  async list(
    tenantId: string,
    params: RequestLogFilter & { mode: Mode; limit: number; startingAfter?: string | undefined },
  ): Promise<Page<RequestLog>> {
    let beforePos: number | undefined;
    if (params.startingAfter) {
      beforePos = await this.storage.requestLogs.position(tenantId, params.startingAfter);
      if (beforePos === undefined) throw new AppError('REQUEST_LOG_NOT_FOUND', { param: 'starting_after' });
    }
    const rows = await this.storage.requestLogs.list({
      ...params,
      tenantId,
      limit: params.limit + 1,
      beforePos,
    });
    return { data: rows.slice(0, params.limit), hasMore: rows.length > params.limit };
  }

  /** Where a stream starts: after the log `after` (REQUEST_LOG_NOT_FOUND when unknown), or now. */
  async streamStart(tenantId: string, after?: string): Promise<number> {
    if (!after) return this.storage.requestLogs.lastPosition();
    const pos = await this.storage.requestLogs.position(tenantId, after);
    if (pos === undefined) throw new AppError('REQUEST_LOG_NOT_FOUND', { param: 'after' });
    return pos;
  }

  /** The tenant's request log entries as they are written, oldest first, until `signal` aborts. */
  stream(
    tenantId: string,
    from: number,
    params: RequestLogFilter & { mode: Mode; pollIntervalMs: number; signal: AbortSignal },
  ): AsyncGenerator<RequestLog, void> {
    const { pollIntervalMs, signal, ...filter } = params;
    return tail({
      after: from,
      pollIntervalMs,
      signal,
      subscribe: (wake) => {
        this.#listeners.add(wake);
        return () => this.#listeners.delete(wake);
      },
      read: async (after) => {
        const rows = await this.storage.requestLogs.listAfter({
          ...filter,
          tenantId,
          afterPos: after,
          limit: STREAM_BATCH,
        });
        return {
          items: rows.map((r) => r.log),
          last: rows.at(-1)?.pos ?? after,
          full: rows.length === STREAM_BATCH,
        };
      },
    });
  }
}
