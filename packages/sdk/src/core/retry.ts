const MAX_RETRY_AFTER_MS = 60_000;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/**
 * How long to wait before retry number `retry` (0-based): the server's `Retry-After` when it is
 * sane, else exponential backoff with jitter so many clients do not retry in lockstep.
 */
export function retryDelayMs(retry: number, retryAfter: string | null): number {
  const fromHeader = parseRetryAfter(retryAfter);
  if (fromHeader !== undefined) return fromHeader;
  const base = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
  return Math.round(base * (1 - Math.random() * 0.25));
}

/** `Retry-After` as seconds or an HTTP date, in ms; undefined when absent, invalid or over a minute. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  let ms = Number(value) * 1000;
  if (Number.isNaN(ms)) ms = Date.parse(value) - Date.now();
  if (Number.isNaN(ms) || ms > MAX_RETRY_AFTER_MS) return undefined;
  return Math.max(0, ms);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
