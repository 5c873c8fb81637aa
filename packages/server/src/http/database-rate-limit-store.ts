import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Logger } from 'pino';
import type { Storage } from '../storage/storage.js';

const PRUNE_EVERY_MS = 60_000;

/**
 * @fastify/rate-limit's store interface on the `rate_limit_windows` table, for servers sharing a
 * database without Redis: fixed windows aligned to the clock (a minute starts at :00), one atomic
 * upsert-increment per request, so the limit holds across every server on the database. A failing
 * database is logged and the request let through (fail open, `skipOnError`).
 */
export function databaseRateLimitStore(storage: Storage, logger: Logger) {
  let prunedAt = 0;
  const store: FastifyRateLimitStore = {
    incr(key, callback, timeWindow) {
      const now = Date.now();
      const windowStart = now - (now % timeWindow);
      if (now - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = now;
        storage.rateLimits
          .prune(windowStart - timeWindow)
          .catch((error: unknown) => logger.warn({ err: error }, 'pruning rate-limit windows failed'));
      }
      storage.rateLimits.hit(key, windowStart).then(
        (current) => callback(null, { current, ttl: windowStart + timeWindow - now }),
        (error: Error) => {
          logger.warn({ err: error }, 'rate-limit store failed: request let through');
          callback(error);
        },
      );
    },
    child() {
      return store;
    },
  };
  // The plugin constructs the store class it is given (`new Store(options)`).
  return function DatabaseRateLimitStore() {
    return store;
  } as unknown as new () => FastifyRateLimitStore;
}
