import type { EngineLogger } from '../engines/engine.js';
import { type BackoffOptions, backoffDelay, STORAGE_RETRY } from './backoff.js';

/** Work that falls due at known times (scheduled messages, broadcasts' turns). */
export interface DueWork {
  /** When the next piece of work is due (undefined: none is waiting). */
  nextDueAt(): Promise<number | undefined>;
  /** Does what is due by `now`; answers how many pieces were due. */
  runDue(now: number): Promise<number>;
}

export interface DueLoopOptions {
  /** What the work is, for the log. */
  name: string;
  logger: EngineLogger;
  /**
   * The longest sleep: messages other servers schedule are found within it. This server's own are
   * found at once (`wake()`).
   */
  pollIntervalMs?: number;
  retry?: BackoffOptions;
}

const DEFAULT_POLL_MS = 1000;
/** A full round means more may be due: the next one starts after this breather. */
const BUSY_PAUSE_MS = 1;

/**
 * Runs work on time: sleeps until the earliest due time (at most the poll interval), then does what
 * is due. Runs on every server; the work's own conditional updates make each piece happen once.
 * After a restart the first round catches up at once; a storage failure is retried with back-off
 * (the work stays where it is, in the database).
 */
export class DueLoop {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  #again = false;
  #failures = 0;

  constructor(
    private readonly due: DueWork,
    private readonly options: DueLoopOptions,
  ) {}

  start(): void {
    this.#stopped = false;
    this.wake();
  }

  /** Work was added here (or time moved): look again now. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.#round().finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #round(): Promise<void> {
    const poll = this.options.pollIntervalMs ?? DEFAULT_POLL_MS;
    let delay = poll;
    try {
      const now = Date.now();
      const promoted = await this.due.runDue(now);
      this.#failures = 0;
      if (promoted > 0) {
        delay = BUSY_PAUSE_MS;
      } else {
        const next = await this.due.nextDueAt();
        if (next !== undefined) delay = Math.max(0, Math.min(poll, next - Date.now()));
      }
    } catch (error) {
      // Storage failing: nothing is lost (the work stays in the database); try again with back-off.
      delay = backoffDelay(this.#failures++, this.options.retry ?? STORAGE_RETRY);
      this.options.logger.error({ err: error }, `${this.options.name}: the due work failed; trying again`);
    }
    if (this.#stopped) return;
    this.#timer = setTimeout(() => this.wake(), delay);
    this.#timer.unref?.();
  }
}
