import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../domain/types.js';
import { wire } from '../domain/wire.js';
import type { EngineLogger } from '../engines/engine.js';
import { CorruptRowError } from '../storage/corrupt-row-error.js';
import type { ClaimedDelivery, EndpointWithSecret } from '../storage/repositories/webhooks-repo.js';
import type { Storage } from '../storage/storage.js';
import { postWebhook } from './webhook-sender.js';
import type { WebhookSigner } from './webhook-signer.js';

/** The data of a `webhook.endpoint_disabled` event. */
export interface EndpointDisabledData {
  endpoint_id: string;
  url: string;
  reason: 'failing' | 'gone';
  failing_since: string | null;
  disabled_at: string;
}

export interface DeliveryContext {
  storage: Storage;
  signer: WebhookSigner;
  logger: EngineLogger;
  owner: string;
  /** The server's schedule, for endpoints without their own. */
  retryScheduleSeconds: readonly number[];
  /** Failing continuously this long disables an endpoint without a period of its own. */
  disableAfterMs: number;
  /** The hard deadline of one attempt (connect + headers + body). */
  timeoutMs: number;
  /** Refuse private targets (webhooks.allowPrivateTargets is off). */
  guard: boolean;
  /** The clock (ms since the epoch); a seam for tests. */
  now: () => number;
  /** In [0, 1): the jitter's source; a seam for tests. */
  random: () => number;
  /** Records the `webhook.endpoint_disabled` event in the transaction that disabled it. */
  onEndpointDisabled?: (tx: Storage, endpoint: WebhookEndpoint, data: EndpointDisabledData) => Promise<void>;
}

/** Payloads larger than this are not sent: the attempt is recorded as failed (not retried). */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

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
/** What the endpoint learns from an attempt: it answered (ok), it did not, or it is gone (410). */
type EndpointVerdict = 'ok' | 'failed' | 'gone' | 'none';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One attempt of one claimed delivery, recorded with the delivery's new state. Failures that no
 * retry can fix (the endpoint is gone, its secret cannot be decrypted, the target is refused by
 * the configuration, the payload is over the cap) fail the delivery at once with one recorded
 * attempt; an attempt aborted by `signal` (shutdown) gives the claim back without counting. A 410
 * disables the endpoint; so does failing continuously for its disable period. Storage errors are
 * thrown: the claim then expires and the delivery is picked up again. Resolves to when a retry is
 * due, if one is.
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
  let endpoint: EndpointWithSecret | undefined;
  const record = async (result: Attempt, outcome: Outcome, verdict: EndpointVerdict = 'none') => {
    const at = ctx.now();
    const recorded = await ctx.storage.transaction(async (tx) => {
      const done = await tx.webhooks.recordAttempt(d.id, { attempt, ...result }, outcome, ctx.owner, at);
      if (done && endpoint && verdict !== 'none') await judgeEndpoint(ctx, tx, endpoint, verdict, at);
      return done;
    });
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
    await ctx.storage.webhooks.releaseClaim(d.id, ctx.owner, ctx.now());
    return null;
  };

  endpoint = await ctx.storage.webhooks.getEndpointWithSecret(d.endpointId);
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

  const now = ctx.now();
  let keys: Buffer[];
  try {
    keys = [ctx.signer.keyFor(endpoint.id, endpoint.sealedSecret)];
    // During a rotation's overlap window the previous secret signs as well.
    if (endpoint.sealedPreviousSecret && (endpoint.previousSecretExpiresAt ?? 0) > now) {
      keys.push(ctx.signer.keyFor(endpoint.id, endpoint.sealedPreviousSecret));
    }
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
  const size = Buffer.byteLength(body);
  if (size > MAX_PAYLOAD_BYTES) {
    return fail(
      `the payload is ${size} bytes, over the ${MAX_PAYLOAD_BYTES}-byte cap; not sent, not retried`,
    );
  }
  const timestamp = Math.floor(now / 1000);
  // The signature is not recorded: it is derived from the secret.
  const recordedHeaders = {
    'webhook-id': event.id,
    'webhook-timestamp': String(timestamp),
    'content-type': 'application/json',
    'content-length': String(size),
    'user-agent': 'wagw-webhooks/1',
  };

  const budget = Math.min(ctx.timeoutMs, lockedUntil - RECORD_MS - now);
  if (signal.aborted || budget <= 0) return release();
  const result = await postWebhook({
    url: endpoint.url,
    body,
    headers: {
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': ctx.signer.sign(keys, event.id, timestamp, body),
    },
    timeoutMs: budget,
    guard: ctx.guard,
    signal,
    now: ctx.now,
  });
  onReceiverDone();
  if (result.outcome === 'aborted') return release();
  const { statusCode, durationMs, responseBody } = result;
  const attempted = {
    statusCode,
    durationMs,
    responseBody,
    requestHeaders: recordedHeaders,
    responseHeaders: result.responseHeaders ?? null,
  };
  if (result.outcome === 'refused') {
    return record(
      { ...attempted, error: `${result.error}; not retried` },
      { status: 'failed', nextAttemptAt: null },
      'failed',
    );
  }
  if (statusCode === 410) {
    return record(
      { ...attempted, error: 'HTTP 410: the endpoint is gone; disabled, not retried' },
      { status: 'failed', nextAttemptAt: null },
      'gone',
    );
  }
  const ok = result.outcome === 'response' && statusCode !== null && statusCode >= 200 && statusCode < 300;
  const outcome = ok
    ? { status: 'succeeded' as const, nextAttemptAt: null }
    : retryOutcome(ctx, endpoint.retrySchedule ?? ctx.retryScheduleSeconds, attempt, result);
  return record(
    { ...attempted, error: result.error ?? (ok ? null : `HTTP ${statusCode}`) },
    outcome,
    ok ? 'ok' : 'failed',
  );
}

/**
 * Updates the endpoint's failing streak; disables it when it is gone (410) or has failed
 * continuously for its disable period, and records the `webhook.endpoint_disabled` event.
 */
async function judgeEndpoint(
  ctx: DeliveryContext,
  tx: Storage,
  endpoint: EndpointWithSecret,
  verdict: Exclude<EndpointVerdict, 'none'>,
  at: number,
): Promise<void> {
  const failingSince = await tx.webhooks.noteOutcome(endpoint.id, verdict === 'ok', at);
  let reason: 'failing' | 'gone' | undefined;
  if (verdict === 'gone') reason = 'gone';
  else if (failingSince !== null && at - failingSince >= (endpoint.disableAfterMs ?? ctx.disableAfterMs)) {
    reason = 'failing';
  }
  if (!reason) return;
  const disabled = await tx.webhooks.disableEndpoint(endpoint.id, reason, at);
  if (!disabled) return;
  ctx.logger.warn({ endpoint: endpoint.id, reason }, 'webhooks: endpoint disabled');
  await ctx.onEndpointDisabled?.(tx, disabled, {
    endpoint_id: disabled.id,
    url: disabled.url,
    reason,
    failing_since: failingSince === null ? null : iso(failingSince),
    disabled_at: iso(at),
  });
}

/**
 * The next try on the schedule (±10% jitter, never sooner than Retry-After), or failed when the
 * schedule is done. `schedule[n]` is the wait before attempt n + 1.
 */
function retryOutcome(
  ctx: DeliveryContext,
  schedule: readonly number[],
  attempt: number,
  result: { retryAfterSeconds?: number },
): Outcome {
  if (attempt >= schedule.length) return { status: 'failed', nextAttemptAt: null };
  const base = (schedule[attempt] ?? 0) * 1000;
  const jittered = base * (0.9 + ctx.random() * 0.2);
  const delay = Math.max(jittered, (result.retryAfterSeconds ?? 0) * 1000);
  return { status: 'pending', nextAttemptAt: ctx.now() + Math.round(delay) };
}
