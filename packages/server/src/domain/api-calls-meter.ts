import type { Logger } from 'pino';
import type { Storage } from '../storage/storage.js';
import { monthOf } from './billing-period.js';
import type { Mode } from './types.js';

/**
 * Counts authenticated API calls per tenant and UTC month in memory and adds them to the
 * `api_calls` usage counter every `flushIntervalMs` with one upsert per tenant and month, in one
 * transaction. `close()` flushes what is left. A crash loses at most the calls of the last
 * interval; a failed flush keeps its counts for the next one.
 */
/** Live calls are the `api_calls` usage metric; test-mode calls are kept apart in `api_calls_test`. */
export const apiCallsMetric = (mode: Mode): string => (mode === 'live' ? 'api_calls' : 'api_calls_test');

export class ApiCallsMeter {
  #pending = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly flushIntervalMs = 1000,
  ) {}

  /** One call by `tenantId` with a key of `mode`, now. */
  count(tenantId: string, mode: Mode = 'live', at = Date.now()): void {
    const key = `${monthOf(at).start}:${apiCallsMetric(mode)}:${tenantId}`;
    this.#pending.set(key, (this.#pending.get(key) ?? 0) + 1);
    if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.flush();
      }, this.flushIntervalMs);
      this.#timer.unref();
    }
  }

  /** Writes the pending counts now; resolves when they are committed (or kept after a failure). */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#write());
    return this.#flushing;
  }

  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  async #write(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    const deltas = [...batch].map(([key, delta]) => {
      const [periodStart, metric, ...tenant] = key.split(':');
      return {
        periodStart: Number(periodStart),
        tenantId: tenant.join(':'),
        metric: metric as string,
        delta,
      };
    });
    try {
      await this.storage.transaction((tx) => tx.usage.add(deltas));
    } catch (error) {
      // Keep the counts for the next flush (a tenant deleted meanwhile would fail forever: drop it
      // after the retry below fails too, rather than block every other tenant's counts).
      this.logger.warn({ err: error }, 'api_calls flush failed; retrying tenant by tenant');
      for (const d of deltas) {
        try {
          await this.storage.transaction((tx) => tx.usage.add([d]));
        } catch {
          this.logger.warn({ tenantId: d.tenantId }, 'api_calls counts dropped');
        }
      }
    }
  }
}
