import type { SecretBox } from '../crypto/secret-box.js';
import type { EngineLogger } from '../engines/engine.js';
import type { ClaimedDelivery } from '../storage/repositories/webhooks-repo.js';
import type { Storage } from '../storage/storage.js';
import { claimLockMs, type DeliveryContext, deliverWebhook } from './deliver-webhook.js';

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
}

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
 */
export class WebhookDispatcher {
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #filling: Promise<void> | undefined;
  #fillAgain = false;
  readonly #inFlight = new Map<string, InFlight>();
  readonly #perEndpoint = new Map<string, number>();
  readonly #context: DeliveryContext;

  constructor(
    private readonly storage: Storage,
    box: SecretBox,
    private readonly logger: EngineLogger,
    private readonly options: DispatcherOptions,
  ) {
    const { owner, retryScheduleSeconds, timeoutMs, guard } = options;
    this.#context = { storage, box, logger, owner, retryScheduleSeconds, timeoutMs, guard };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#timer = setInterval(() => this.#fill(), this.options.pollIntervalMs);
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

  /** New deliveries may be due: claim them now rather than at the next poll. */
  wake(): void {
    this.#fill();
  }

  #fill(): void {
    if (!this.#running) return;
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
    const { concurrency, perEndpointConcurrency, owner, timeoutMs } = this.options;
    while (this.#running) {
      const limit = concurrency - this.#inFlight.size;
      if (limit <= 0) return;
      const now = Date.now();
      const lockedUntil = now + claimLockMs(timeoutMs);
      let claimed: ClaimedDelivery[];
      try {
        claimed = await this.storage.transaction((tx) =>
          tx.webhooks.claimDue({
            owner,
            now,
            lockedUntil,
            limit,
            perEndpoint: Math.min(perEndpointConcurrency, concurrency),
            inFlight: this.#perEndpoint,
            skipLocked: tx.supportsSkipLocked,
          }),
        );
      } catch (error) {
        this.logger.error({ err: error }, 'webhooks: could not claim deliveries');
        return;
      }
      if (!this.#running) {
        await Promise.allSettled(
          claimed.map((d) => this.storage.webhooks.releaseClaim(d.id, owner, Date.now())),
        );
        return;
      }
      for (const d of claimed) this.#launch(d, lockedUntil);
      // Nothing claimable: nothing is due, or what is due belongs to endpoints at their cap (a
      // slot that frees up fills again).
      if (claimed.length === 0) return;
    }
  }

  #launch(d: ClaimedDelivery, lockedUntil: number): void {
    const controller = new AbortController();
    this.#perEndpoint.set(d.endpointId, (this.#perEndpoint.get(d.endpointId) ?? 0) + 1);
    const done = deliverWebhook(this.#context, d, lockedUntil, controller.signal)
      .then((retryAt) => {
        const wait = retryAt === null ? Number.POSITIVE_INFINITY : retryAt - Date.now();
        if (wait < this.options.pollIntervalMs) setTimeout(() => this.wake(), Math.max(0, wait)).unref();
      })
      .catch((error) => this.logger.error({ err: error, delivery: d.id }, 'webhooks: delivery crashed'))
      .finally(() => {
        this.#inFlight.delete(d.id);
        const left = (this.#perEndpoint.get(d.endpointId) ?? 1) - 1;
        if (left > 0) this.#perEndpoint.set(d.endpointId, left);
        else this.#perEndpoint.delete(d.endpointId);
        this.#fill();
      });
    this.#inFlight.set(d.id, { endpointId: d.endpointId, controller, done });
  }
}
