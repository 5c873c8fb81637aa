import type { WebhookAttempt, WebhookDelivery } from '../domain/types.js';
import { wire } from '../domain/wire.js';
import type { EngineLogger } from '../engines/engine.js';
import { CorruptRowError } from '../storage/corrupt-row-error.js';
import type { ClaimedDelivery } from '../storage/repositories/webhooks-repo.js';
import type { Storage } from '../storage/storage.js';
import { postWebhook } from './webhook-sender.js';
import type { WebhookSigner } from './webhook-signer.js';

export interface DeliveryContext {
  storage: Storage;
  signer: WebhookSigner;
  logger: EngineLogger;
  owner: string;
  retryScheduleSeconds: readonly number[];
  /** The hard deadline of one attempt (connect + headers + body). */
  timeoutMs: number;
  /** Refuse private targets (webhooks.allowPrivateTargets is off). */
  guard: boolean;
}

/** Time a claim allows for loading the delivery before the POST, and for recording it after. */
const PREPARE_MS = 5000;
const RECORD_MS = 5000;

/**
 * How long a claim is held: the attempt's hard deadline plus time to load and record it. The POST
 * never runs past `lockedUntil - RECORD_MS`, so a claim cannot expire (and be taken by another
 * worker) while its attempt is still in flight.
 */
export const claimLockMs = (timeoutMs: number) => timeoutMs + PREPARE_MS + RECORD_MS;

type Outcome = { status: WebhookDelivery['status']; nextAttemptAt: number | null };
type Attempt = Omit<WebhookAttempt, 'createdAt' | 'attempt'>;

/**
 * One attempt of one claimed delivery, recorded with the delivery's new state. Failures that no
 * retry can fix (the endpoint is gone, its secret cannot be decrypted, the target is refused by
 * the configuration) fail the delivery at once with one recorded attempt; an attempt aborted by
 * `signal` (shutdown) gives the claim back without counting. Storage errors are thrown: the claim
 * then expires and the delivery is picked up again. Resolves to when a retry is due, if one is.
 */
export async function deliverWebhook(
  ctx: DeliveryContext,
  d: ClaimedDelivery,
  lockedUntil: number,
  signal: AbortSignal,
  /** Called once the receiver has answered (or the attempt ended), before it is recorded. */
  onReceiverDone: () => void = () => undefined,
): Promise<number | null> {
  const attempt = d.attemptCount + 1;
  const record = async (result: Attempt, outcome: Outcome) => {
    const recorded = await ctx.storage.transaction((tx) =>
      tx.webhooks.recordAttempt(d.id, { attempt, ...result }, outcome, ctx.owner, Date.now()),
    );
    if (!recorded)
      ctx.logger.warn({ delivery: d.id }, 'webhooks: lost the claim on a delivery; not recorded');
    return recorded ? outcome.nextAttemptAt : null;
  };
  const fail = (error: string) =>
    record(
      { statusCode: null, durationMs: 0, responseBody: null, error },
      { status: 'failed', nextAttemptAt: null },
    );
  const release = async () => {
    await ctx.storage.webhooks.releaseClaim(d.id, ctx.owner, Date.now());
    return null;
  };

  const endpoint = await ctx.storage.webhooks.getEndpointWithSecret(d.endpointId);
  let event: Awaited<ReturnType<Storage['events']['getById']>>;
  try {
    event = await ctx.storage.events.getById(d.eventId);
  } catch (error) {
    if (!(error instanceof CorruptRowError)) throw error;
    ctx.logger.error({ err: error, delivery: d.id }, 'webhooks: the event cannot be read');
    return fail(`${error.message}; not retried`);
  }
  if (!endpoint?.enabled) return fail('endpoint disabled or removed');
  if (!event) return fail('event not found');

  let key: Buffer;
  try {
    key = ctx.signer.keyFor(endpoint.id, endpoint.sealedSecret);
  } catch (error) {
    ctx.logger.error(
      { err: error, delivery: d.id, endpoint: endpoint.id },
      'webhooks: cannot decrypt secret',
    );
    return fail(
      `the endpoint's signing secret cannot be decrypted (the master key does not match, or the stored secret is corrupt): ${(error as Error).message}; not retried`,
    );
  }
  const body = JSON.stringify(wire.webhookPayload(event));
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = ctx.signer.sign(key, event.id, timestamp, body);

  const budget = Math.min(ctx.timeoutMs, lockedUntil - RECORD_MS - Date.now());
  if (signal.aborted || budget <= 0) return release();
  const result = await postWebhook({
    url: endpoint.url,
    body,
    headers: {
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    },
    timeoutMs: budget,
    guard: ctx.guard,
    signal,
  });
  onReceiverDone();
  if (result.outcome === 'aborted') return release();
  const { statusCode, durationMs, responseBody } = result;
  if (result.outcome === 'refused') {
    return record(
      { statusCode, durationMs, responseBody, error: `${result.error}; not retried` },
      { status: 'failed', nextAttemptAt: null },
    );
  }
  const ok = result.outcome === 'response' && statusCode !== null && statusCode >= 200 && statusCode < 300;
  const outcome = ok
    ? { status: 'succeeded' as const, nextAttemptAt: null }
    : retryOutcome(ctx, attempt, result);
  return record(
    { statusCode, durationMs, responseBody, error: result.error ?? (ok ? null : `HTTP ${statusCode}`) },
    outcome,
  );
}

/** The next try on the schedule (±10% jitter, never sooner than Retry-After), or failed when done. */
function retryOutcome(
  ctx: DeliveryContext,
  attempt: number,
  result: { retryAfterSeconds?: number },
): Outcome {
  const schedule = ctx.retryScheduleSeconds;
  if (attempt >= schedule.length) return { status: 'failed', nextAttemptAt: null };
  const base = (schedule[attempt] ?? 0) * 1000;
  const jittered = base * (0.9 + Math.random() * 0.2);
  const delay = Math.max(jittered, (result.retryAfterSeconds ?? 0) * 1000);
  return { status: 'pending', nextAttemptAt: Date.now() + Math.round(delay) };
}
