/**
 * What to do when a Baileys socket closes, as a pure function of the close code: no timers, no
 * sockets, so every branch is unit-tested.
 *
 * 515 restarts at once (normal after pairing); 401 logs out and forgets credentials; 402/403/406/411
 * fail for good; 408 "QR refs attempts ended" stops with `qr_expired`; 440 (another client took
 * over these credentials) is never fought: wait `replacedMs` (≥ 30 s by default), try once, and
 * stop if it is replaced again; everything else reconnects with capped exponential backoff.
 */

export interface BackoffOptions {
  /** First reconnect delay after a transient close. Default 1 s. */
  baseMs: number;
  /** Upper bound of the exponential backoff. Default 60 s. */
  maxMs: number;
  /** Wait after 440 (connection replaced) before the single retry. Default 30 s. */
  replacedMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000, replacedMs: 30_000 };

export interface CloseInput {
  /** The Boom status code of `lastDisconnect.error`; undefined when we ended the socket ourselves. */
  code: number | undefined;
  message?: string | undefined;
  /** Transient reconnects since the last successful open. */
  attempt: number;
  /** Recent 440 closes (the caller decides the window; an open in between does not reset it). */
  replaced: number;
}

export type CloseAction =
  | { kind: 'ignore' }
  | {
      kind: 'reconnect';
      delayMs: number;
      /** Status to report while waiting; undefined for a silent restart (515 after pairing). */
      status?: 'disconnected';
      reason: string;
      /** Counts as a failed attempt (raises the next backoff). */
      counts: 'attempt' | 'replaced' | 'none';
    }
  | {
      kind: 'stop';
      status: 'logged_out' | 'failed' | 'stopped';
      reason: string;
      clearCredentials: boolean;
    };

const TERMINAL: Record<number, string> = {
  402: 'account_banned',
  403: 'forbidden',
  406: 'account_banned',
  411: 'multidevice_mismatch',
};

/** Capped exponential backoff with up to +25 % jitter: base·2^attempt, never above `maxMs`. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random) {
  const raw = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return Math.min(options.maxMs, Math.round(raw * (1 + random() * 0.25)));
}

export function decideOnClose(
  input: CloseInput,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): CloseAction {
  const { code } = input;
  if (code === undefined) return { kind: 'ignore' };
  if (code === 515) return { kind: 'reconnect', delayMs: 0, reason: 'restart_required', counts: 'none' };
  if (code === 401) {
    return { kind: 'stop', status: 'logged_out', reason: 'logged_out_from_phone', clearCredentials: true };
  }
  const terminal = TERMINAL[code];
  if (terminal)
    return { kind: 'stop', status: 'failed', reason: `${terminal} (${code})`, clearCredentials: false };
  if (code === 408 && input.message?.includes('QR refs attempts ended')) {
    return { kind: 'stop', status: 'stopped', reason: 'qr_expired', clearCredentials: false };
  }
  if (code === 440) {
    // Another client runs on these credentials. Fighting it makes both flap; wait long, try once,
    // and give up if it is still there.
    if (input.replaced >= 1) {
      return { kind: 'stop', status: 'stopped', reason: 'connection_replaced', clearCredentials: false };
    }
    return {
      kind: 'reconnect',
      delayMs: Math.max(options.replacedMs, options.baseMs),
      status: 'disconnected',
      reason: 'connection_replaced',
      counts: 'replaced',
    };
  }
  if (code === 405) {
    return {
      kind: 'reconnect',
      delayMs: options.maxMs,
      status: 'disconnected',
      reason: 'client_version_rejected (405)',
      counts: 'attempt',
    };
  }
  return {
    kind: 'reconnect',
    delayMs: backoffDelay(input.attempt, options, random),
    status: 'disconnected',
    reason: `connection_lost (${code})`,
    counts: 'attempt',
  };
}
