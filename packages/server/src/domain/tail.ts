/** One read of a tail: the matching items after a position, and the position read up to. */
export interface TailBatch<T> {
  items: T[];
  /** The position of the last row read (matching or not); the next read starts after it. */
  last: number;
  /** True when the read stopped at its limit, so more rows may follow at once. */
  full: boolean;
}

export interface TailOptions<T> {
  /** Rows after `after`, ascending by a position that is also their commit order. */
  read: (after: number) => Promise<TailBatch<T>>;
  /** Where to start (exclusive). */
  after: number;
  /**
   * Registers a wake-up for rows committed by this process; returns the unsubscribe. Rows other
   * processes commit are found by the poll.
   */
  subscribe: (wake: () => void) => () => void;
  /** Longest wait between reads with no wake-up. */
  pollIntervalMs: number;
  /** Ends the tail (the iteration then returns). */
  signal: AbortSignal;
}

/**
 * Follows a table whose positions are its commit order (events: `lockEventStream`; request logs:
 * one writer lock): each read starts after the last position read, so nothing is skipped or
 * repeated. Woken at once by this process's commits, and polled for other processes'.
 */
export async function* tail<T>(options: TailOptions<T>): AsyncGenerator<T, void> {
  const { read, subscribe, pollIntervalMs, signal } = options;
  let after = options.after;
  let woken = false;
  let wake: (() => void) | undefined;
  const unsubscribe = subscribe(() => {
    woken = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    while (!signal.aborted) {
      woken = false;
      const batch = await read(after);
      after = batch.last;
      for (const item of batch.items) {
        if (signal.aborted) return;
        yield item;
      }
      if (batch.full || woken || signal.aborted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollIntervalMs);
        function done() {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = done;
      });
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
