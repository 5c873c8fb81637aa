import { Webhook } from 'standardwebhooks';
import type { SecretBox } from '../crypto/secret-box.js';
import { secretAad } from '../domain/webhooks-service.js';
import { wire } from '../domain/wire.js';
import type { EngineLogger } from '../engines/engine.js';
import type { ClaimedDelivery } from '../storage/repositories/webhooks-repo.js';
import type { Storage } from '../storage/storage.js';
import { postWebhook } from './webhook-sender.js';

export interface DispatcherOptions {
  owner: string;
  retryScheduleSeconds: readonly number[];
  timeoutMs: number;
  concurrency: number;
  pollIntervalMs: number;
  guard: boolean;
}

/**
 * Delivers queued webhooks. Deliveries are rows (written with their event), claimed with a lock
 * that expires, so a crash or restart loses none: an unfinished claim is simply picked up again.
 * Each attempt is recorded; failures are retried on the schedule (with ±10% jitter, and never
 * sooner than a receiver's Retry-After) until it is exhausted.
 */
export class WebhookDispatcher {
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #inFlight = 0;
  #draining: Promise<void> | undefined;
  #wakeRequested = false;

  constructor(
    private readonly storage: Storage,
    private readonly box: SecretBox,
    private readonly logger: EngineLogger,
    private readonly options: DispatcherOptions,
  ) {}

  start(): void {
    this.#running = true;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#draining;
  }

  wake(): void {
    if (!this.#running) return;
    if (this.#draining) {
      this.#wakeRequested = true;
      return;
    }
    this.#schedule(0);
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#draining = this.#drain().finally(() => {
        this.#draining = undefined;
        if (!this.#running) return;
        const again = this.#wakeRequested;
        this.#wakeRequested = false;
        this.#schedule(again ? 0 : this.options.pollIntervalMs);
      });
    }, ms);
  }

  async #drain(): Promise<void> {
    while (this.#running) {
      const now = Date.now();
      const free = this.options.concurrency - this.#inFlight;
      let claimed: ClaimedDelivery[];
      try {
        claimed = await this.storage.transaction((tx) =>
          tx.webhooks.claimDue(
            this.options.owner,
            now,
            now + this.options.timeoutMs * 2 + 5000,
            free,
            tx.supportsSkipLocked,
          ),
        );
      } catch (error) {
        this.logger.error({ err: error }, 'webhooks: could not claim deliveries');
        return;
      }
      if (claimed.length === 0) return;
      this.#inFlight += claimed.length;
      await Promise.all(
        claimed.map((d) =>
          this.#deliver(d)
            .catch((error) => this.logger.error({ err: error, delivery: d.id }, 'webhooks: delivery crashed'))
            .finally(() => {
              this.#inFlight -= 1;
            }),
        ),
      );
    }
  }

  async #deliver(d: {
    id: string;
    endpointId: string;
    eventId: string;
    attemptCount: number;
  }): Promise<void> {
    const endpoint = await this.storage.webhooks.getEndpointWithSecret(d.endpointId);
    const event = await this.storage.events.getById(d.eventId);
    const attempt = d.attemptCount + 1;
    const now = () => Date.now();
    if (!endpoint || !event || !endpoint.enabled) {
      await this.storage.webhooks.recordAttempt(
        d.id,
        {
          attempt,
          statusCode: null,
          durationMs: 0,
          responseBody: null,
          error: 'endpoint disabled or removed',
        },
        { status: 'failed', nextAttemptAt: null },
        this.options.owner,
        now(),
      );
      return;
    }
    const secret = this.box.decryptString(endpoint.sealedSecret, secretAad(endpoint.id));
    const body = JSON.stringify(wire.webhookPayload(event));
    const timestamp = new Date();
    const signature = new Webhook(secret).sign(event.id, timestamp, body);
    const result = await postWebhook({
      url: endpoint.url,
      body,
      headers: {
        'webhook-id': event.id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      timeoutMs: this.options.timeoutMs,
      guard: this.options.guard,
    });
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const schedule = this.options.retryScheduleSeconds;
    let outcome: { status: 'pending' | 'succeeded' | 'failed'; nextAttemptAt: number | null };
    if (ok) outcome = { status: 'succeeded', nextAttemptAt: null };
    else if (attempt >= schedule.length) outcome = { status: 'failed', nextAttemptAt: null };
    else {
      const base = (schedule[attempt] ?? 0) * 1000;
      const jittered = base * (0.9 + Math.random() * 0.2);
      const delay = Math.max(jittered, (result.retryAfterSeconds ?? 0) * 1000);
      outcome = { status: 'pending', nextAttemptAt: now() + Math.round(delay) };
    }
    // The delivery's new state and its attempt row commit together.
    const recorded = await this.storage.transaction((tx) =>
      tx.webhooks.recordAttempt(
        d.id,
        {
          attempt,
          statusCode: result.statusCode,
          durationMs: result.durationMs,
          responseBody: result.responseBody,
          error: result.error ?? (ok ? null : `HTTP ${result.statusCode}`),
        },
        outcome,
        this.options.owner,
        now(),
      ),
    );
    if (!recorded)
      this.logger.warn({ delivery: d.id }, 'webhooks: lost the claim on a delivery; not recorded');
    if (outcome.status === 'pending' && outcome.nextAttemptAt !== null) {
      const wait = Math.max(0, outcome.nextAttemptAt - now());
      if (wait < this.options.pollIntervalMs) setTimeout(() => this.wake(), wait).unref();
    }
  }
}
