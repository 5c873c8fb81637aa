import type { SecretBox } from '../crypto/secret-box.js';
import type { EngineLogger } from '../engines/engine.js';
import type { ClaimedDelivery } from '../storage/repositories/webhooks-repo.js';
import type { Storage } from '../storage/storage.js';
import { claimLockMs, type DeliveryContext, deliverWebhook } from './deliver-webhook.js';
import { TenantDeliveryBudget } from './tenant-delivery-budget.js';
import { WebhookSigner } from './webhook-signer.js';

export interface DispatcherOptions {
  owner: string;
  retryScheduleSeconds: readonly number[];
  /** Hard deadline of one attempt: connect + headers + body. */
  timeoutMs: number;
  /** Deliveries in flight at once, over all endpoints. */
  concurrency: number;
  /** Deliveries in flight at once to one endpoint (never more than `concurrency`). */
  perEndpointConcurrency: number;
  pollIntervalMs: number;
  guard: boolean;
  /** Failing continuously this long disables an endpoint without a period of its own. */
  disableAfterMs?: number;
  /** The plan's deliveries per minute of a tenant (null: unlimited); read at most once a minute. */
  tenantLimit?: (tenantId: string) => Promise<number | null>;
  onEndpointDisabled?: DeliveryContext['onEndpointDisabled'];
  /** Seams for tests: the clock and the jitter's source. */
  now?: () => number;
  random?: () => number;
}

export const DEFAULT_DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000;

/** How long `stop()` waits for aborted deliveries to give their claims back. */
const STOP_GRACE_MS = 5000;

interface InFlight {
  endpointId: string;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Delivers queued webhooks. Deliveries are rows (written with their event), claimed with a lock
 * that expires, so a crash or restart loses none: an unfinished claim is simply picked up again.
 * A bounded pool works them: a slot that frees up claims the next due delivery at once (no batch
 * waits for its slowest member), and one endpoint holds at most `perEndpointConcurrency` slots,
 * so a slow receiver delays only itself. Each attempt is recorded; failures are retried on the
 * schedule (with ±10% jitter, and never sooner than a receiver's Retry-After) until it is exhausted.
 * `stop()` aborts deliveries in flight; they are given back uncounted and go out again later.
 * A tenant over its plan's deliveries per minute is deferred to the next minute (never dropped),
 * and its due deliveries are left out of claims meanwhile, so it takes no slot from another tenant.
 */
export class WebhookDispatcher {
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #filling: Promise<void> | undefined;
  #fillAgain = false;
  readonly #inFlight = new Map<string, InFlight>();
  readonly #perEndpoint = new Map<string, number>();
  readonly #context: DeliveryContext;
  readonly #budget: TenantDeliveryBudget;
  readonly #now: () => number;

  constructor(
    private readonly storage: Storage,
    box: SecretBox,
    private readonly logger: EngineLogger,
    private readonly options: DispatcherOptions,
  ) {
    const { owner, retryScheduleSeconds, timeoutMs, guard } = options;
    this.#now = options.now ?? Date.now;
    this.#context = {
      storage,
      signer: new WebhookSigner(box),
      logger,
      owner,
      retryScheduleSeconds,
      disableAfterMs: options.disableAfterMs ?? DEFAULT_DISABLE_AFTER_MS,
      timeoutMs,
      guard,
      now: this.#now,
      random: options.random ?? Math.random,
      ...(options.onEndpointDisabled && { onEndpointDisabled: options.onEndpointDisabled }),
    };
    this.#budget = new TenantDeliveryBudget(options.tenantLimit ?? (async () => null), this.#now);
  }

  /**
   * Claims and delivers everything due now, one claim after the other, until nothing is: for a
   * caller that drives time itself (tests with a controllable clock; not used with `start()`).
   * Resolves to the number of attempts made.
   */
  async runDue(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const lockedUntil = this.#now() + claimLockMs(this.options.timeoutMs);
      const claimed = await this.#claim(this.options.concurrency, lockedUntil, new Map());
      if (claimed.length === 0) return attempts;
      attempts += claimed.length;
      await Promise.all(
        claimed.map((d) => deliverWebhook(this.#context, d, lockedUntil, new AbortController().signal)),
      );
    }
  }

  /**
   * One claim of up to `limit` due deliveries, less those of tenants over their budget: those
   * are given back due at the start of the tenant's next window.
   */
  async #claim(
    limit: number,
    lockedUntil: number,
    inFlight: ReadonlyMap<string, number>,
  ): Promise<ClaimedDelivery[]> {
    const { owner, perEndpointConcurrency, concurrency } = this.options;
    const now = this.#now();
    const claimed = await this.storage.transaction((tx) =>
      tx.webhooks.claimDue({
        owner,
        now,
        lockedUntil,
        limit,
        perEndpoint: Math.min(perEndpointConcurrency, concurrency),
        inFlight,
        skipLocked: tx.supportsSkipLocked,
        excludeTenants: this.#budget.exhausted(),
      }),
    );
    const admitted: ClaimedDelivery[] = [];
    for (const d of claimed) {
      if (await this.#budget.take(d.tenantId)) admitted.push(d);
      else await this.storage.webhooks.deferClaim(d.id, owner, this.#budget.windowEnd(), this.#now());
    }
    return admitted;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#timer = setInterval(() => {
      this.#anyAt = ++this.#seq;
      this.#fill();
    }, this.options.pollIntervalMs);
    // Whatever came due while stopped (retries, released claims) is claimable now, not at the poll.
    this.#anyAt = ++this.#seq;
    this.#fill();
  }

  /** Aborts deliveries in flight and returns once they have given their claims back (bounded). */
  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#timer);
    for (const d of this.#inFlight.values()) d.controller.abort();
    const settled = Promise.allSettled([this.#filling, ...[...this.#inFlight.values()].map((d) => d.done)]);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), STOP_GRACE_MS).unref();
    });
    if ((await Promise.race([settled, grace])) === 'late') {
      this.logger.warn(
        { inFlight: this.#inFlight.size },
        'webhooks: stopped with deliveries still releasing; their claims expire and they go out again',
      );
    }
    clearTimeout(timer);
  }

  /**
   * New deliveries may be due (for `endpointIds`, when known): claim them soon rather than at the
   * next poll. Wakes of one tick (every committed event calls this) make one claim.
   */
  wake(endpointIds?: readonly string[]): void {
    if (endpointIds) for (const id of endpointIds) this.#candidates.set(id, ++this.#seq);
    else this.#anyAt = ++this.#seq;
    this.#fillSoon();
  }

  /*
   * What may have claimable deliveries since a claim last came up short (took less than it had
   * room for): endpoints woken or with a slot freed since (`#candidates`, by when), or any endpoint
   * after a poll or an unspecific wake (`#anyAt`; retries come due with time). A claim is made only
   * if one of them has room: claiming for endpoints at their cap would only scan their backlog.
   */
  #seq = 0;
  #anyAt = 0;
  #shortAt = -1;
  readonly #candidates = new Map<string, number>();

  #mayClaim(): boolean {
    if (this.#anyAt > this.#shortAt) return true;
    for (const id of this.#candidates.keys()) if (!this.#isFull(id)) return true;
    return false;
  }

  /** The claim started at `startedAt` took less than it could: forget what it looked at. */
  #cameUpShort(startedAt: number): void {
    this.#shortAt = startedAt;
    for (const [id, at] of this.#candidates) if (at <= startedAt) this.#candidates.delete(id);
  }

  #isFull(endpointId: string): boolean {
    const cap = Math.min(this.options.perEndpointConcurrency, this.options.concurrency);
    return (this.#perEndpoint.get(endpointId) ?? 0) >= cap;
  }

  #fillScheduled = false;

  #fillSoon(): void {
    if (this.#fillScheduled) return;
    this.#fillScheduled = true;
    setImmediate(() => {
      this.#fillScheduled = false;
      this.#fill();
    });
  }

  #fill(): void {
    if (!this.#running || !this.#mayClaim()) return;
    if (this.#filling) {
      this.#fillAgain = true;
      return;
    }
    this.#filling = this.#claimWhileFree().finally(() => {
      this.#filling = undefined;
      if (this.#fillAgain) {
        this.#fillAgain = false;
        this.#fill();
      }
    });
  }

  async #claimWhileFree(): Promise<void> {
    const { concurrency, owner, timeoutMs } = this.options;
    while (this.#running) {
      if (!this.#mayClaim()) return;
      const startedAt = this.#seq;
      const limit = concurrency - this.#inFlight.size;
      if (limit <= 0) return;
      const lockedUntil = this.#now() + claimLockMs(timeoutMs);
      let claimed: ClaimedDelivery[];
      try {
        claimed = await this.#claim(limit, lockedUntil, this.#perEndpoint);
      } catch (error) {
        this.logger.error({ err: error }, 'webhooks: could not claim deliveries');
        return;
      }
      if (!this.#running) {
        await Promise.allSettled(
          claimed.map((d) => this.storage.webhooks.releaseClaim(d.id, owner, this.#now())),
        );
        return;
      }
      for (const d of claimed) this.#launch(d, lockedUntil);
      // Fewer than asked for: nothing more is due, or what is due belongs to endpoints at their cap
      // (a slot that frees up fills again). Asking again now would only scan the backlog again.
      if (claimed.length < limit) {
        this.#cameUpShort(startedAt);
        return;
      }
    }
  }

  #launch(d: ClaimedDelivery, lockedUntil: number): void {
    const controller = new AbortController();
    this.#perEndpoint.set(d.endpointId, (this.#perEndpoint.get(d.endpointId) ?? 0) + 1);
    // The endpoint's slot is its receiver's: it frees up once the receiver has answered, while the
    // attempt is still being recorded (the pool's slot frees up after that).
    let receiverDone = false;
    const releaseEndpoint = () => {
      if (receiverDone) return;
      receiverDone = true;
      const left = (this.#perEndpoint.get(d.endpointId) ?? 1) - 1;
      if (left > 0) this.#perEndpoint.set(d.endpointId, left);
      else this.#perEndpoint.delete(d.endpointId);
      this.#candidates.set(d.endpointId, ++this.#seq);
      this.#fillSoon();
    };
    const done = deliverWebhook(this.#context, d, lockedUntil, controller.signal, releaseEndpoint)
      .then((retryAt) => {
        const wait = retryAt === null ? Number.POSITIVE_INFINITY : retryAt - this.#now();
        if (wait < this.options.pollIntervalMs) setTimeout(() => this.wake(), Math.max(0, wait)).unref();
      })
      .catch((error) => this.logger.error({ err: error, delivery: d.id }, 'webhooks: delivery crashed'))
      .finally(() => {
        this.#inFlight.delete(d.id);
        releaseEndpoint();
        // A pool slot: what the pool had no room for may be claimable now (#mayClaim decides).
        this.#fillSoon();
      });
    this.#inFlight.set(d.id, { endpointId: d.endpointId, controller, done });
  }
}
