import { type EngineLogger, StateFencedError } from '../engine.js';

export interface CredsRetryOptions {
  /** Attempts before giving up (default 5). */
  attempts: number;
  /** Wait before the second attempt, doubled for each further one (default 250 ms). */
  baseMs: number;
}

export const DEFAULT_CREDS_RETRY: CredsRetryOptions = { attempts: 5, baseMs: 250 };

/**
 * Saves Baileys' creds (after every `creds.update`), retrying a failing store with back-off.
 * Answers `saved`, `fenced` (another node owns the session: stop at once) or `failed` (the store
 * kept failing: the keys in memory would not survive a restart, so the session must stop).
 */
export async function saveCredsWithRetry(
  save: () => Promise<void>,
  options: CredsRetryOptions,
  logger: EngineLogger,
): Promise<'saved' | 'fenced' | 'failed'> {
  for (let attempt = 1; ; attempt++) {
    try {
      await save();
      return 'saved';
    } catch (error) {
      if (error instanceof StateFencedError) return 'fenced';
      if (attempt >= options.attempts) {
        logger.error({ err: error, attempt }, 'baileys: could not save the credentials');
        return 'failed';
      }
      const waitMs = options.baseMs * 2 ** (attempt - 1);
      logger.warn(
        { err: error, attempt, retryInMs: waitMs },
        'baileys: could not save the credentials; retrying',
      );
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
