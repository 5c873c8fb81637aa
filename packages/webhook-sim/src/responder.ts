import { setTimeout as sleep } from 'node:timers/promises';
import type { ReceiverResponse, RespondContext } from './receiver.js';
import type { WebhookPayload } from './types.js';

/** The longest delay a timer can wait (about 24.8 days). */
const MAX_DELAY_MS = 2_147_483_647;

export interface ResponderOptions {
  /** Status for every accepted webhook that is not failed on purpose; 200–599, default 200. */
  status?: number;
  /** Status of the deliberate failures (`failFirst`, `failRate`); 300–599, default 500. */
  failStatus?: number;
  /** Fail the first n attempts of each `webhook-id`, then answer `status`; default 0. */
  failFirst?: number;
  /** Fail each later attempt with this probability, 0–1; default 0. */
  failRate?: number;
  /**
   * Seed for the `failRate` draws: the same seed and the same order of arrivals give the same
   * choices. Default: unseeded (`Math.random`).
   */
  seed?: number;
  /** Your own source of numbers in [0, 1) for `failRate` (wins over `seed`). */
  random?: () => number;
  /** Wait this long before every answer, in milliseconds (e.g. more than the sender's timeout); default 0. */
  delayMs?: number;
  /** Send `Retry-After: <seconds>` with every answer that is not 2xx. */
  retryAfterSeconds?: number;
}

/** Why an attempt got the answer it got. */
export type ResponderReason = 'ok' | 'fail-first' | 'fail-rate';

/** What a responder answers, before it is sent. */
export interface ResponderDecision {
  status: number;
  reason: ResponderReason;
  headers: Record<string, string>;
  body: string;
  delayMs: number;
}

/** A `respondWith` for `startReceiver`, plus the decision logic on its own. */
export interface Responder {
  (payload: WebhookPayload, context: RespondContext): Promise<ReceiverResponse>;
  /** Decides (without waiting) the answer to this attempt; draws from the `failRate` source when needed. */
  decide(context: Pick<RespondContext, 'attempt'>): ResponderDecision;
}

/** mulberry32: a small, fast, seedable PRNG; plenty for picking which deliveries fail. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/**
 * Builds a `respondWith` for {@link startReceiver} that answers chosen statuses, fails some
 * deliveries on purpose and delays answers, so a sender's retries and timeouts can be exercised:
 * `startReceiver({ secret, respondWith: createResponder({ failFirst: 2 }) })` answers 500, 500, then
 * 200 to the attempts of each webhook. Throws a `RangeError` for options out of range.
 */
export function createResponder(options: ResponderOptions = {}): Responder {
  const {
    status = 200,
    failStatus = 500,
    failFirst = 0,
    failRate = 0,
    seed,
    delayMs = 0,
    retryAfterSeconds,
  } = options;
  checkInteger('status', status, 200, 599);
  checkInteger('failStatus', failStatus, 300, 599);
  checkInteger('failFirst', failFirst, 0, Number.MAX_SAFE_INTEGER);
  checkInteger('delayMs', delayMs, 0, MAX_DELAY_MS);
  if (!(Number.isFinite(failRate) && failRate >= 0 && failRate <= 1)) {
    throw new RangeError(`failRate must be a number from 0 to 1, got ${failRate}`);
  }
  if (seed !== undefined) checkInteger('seed', seed, 0, Number.MAX_SAFE_INTEGER);
  if (retryAfterSeconds !== undefined) {
    checkInteger('retryAfterSeconds', retryAfterSeconds, 0, Number.MAX_SAFE_INTEGER);
  }
  const random = options.random ?? (seed === undefined ? Math.random : seeded(seed));

  const bodyFor = (reason: ResponderReason, answer: number, attempt: number): string => {
    if (reason === 'ok' && answer >= 200 && answer <= 299) return '{"ok":true}';
    const message =
      reason === 'fail-first'
        ? `attempt ${attempt} failed on purpose (failing the first ${failFirst} of each webhook)`
        : reason === 'fail-rate'
          ? `attempt ${attempt} failed on purpose (fail rate ${failRate})`
          : `answering ${answer} to every webhook, as configured`;
    return JSON.stringify({ error: { code: 'SIMULATED_FAILURE', message } });
  };

  const decide = ({ attempt }: Pick<RespondContext, 'attempt'>): ResponderDecision => {
    let reason: ResponderReason = 'ok';
    if (attempt <= failFirst) reason = 'fail-first';
    else if (failRate > 0 && random() < failRate) reason = 'fail-rate';
    const answer = reason === 'ok' ? status : failStatus;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (retryAfterSeconds !== undefined && (answer < 200 || answer > 299)) {
      headers['retry-after'] = String(retryAfterSeconds);
    }
    return { status: answer, reason, headers, body: bodyFor(reason, answer, attempt), delayMs };
  };

  const respond = async (_payload: WebhookPayload, context: RespondContext): Promise<ReceiverResponse> => {
    const { status: answer, headers, body } = decide(context);
    // Unreferenced: a pending delay never keeps a process alive after its receiver closed.
    if (delayMs > 0) await sleep(delayMs, undefined, { ref: false });
    return { status: answer, headers, body };
  };
  return Object.assign(respond, { decide });
}
