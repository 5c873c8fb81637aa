export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Storage retries: quick at first (a lock, a blip), then no more than every few seconds. */
export const STORAGE_RETRY: BackoffOptions = { baseMs: 100, maxMs: 5000 };

/** Exponential back-off with ±20 % jitter, for the `attempt`-th retry (1-based). */
export function backoffDelay(attempt: number, { baseMs, maxMs }: BackoffOptions): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}
