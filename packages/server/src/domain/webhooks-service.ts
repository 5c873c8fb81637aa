import { randomBytes } from 'node:crypto';
import { newId } from '../crypto/ids.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { webhookUrlProblem } from '../webhooks/ssrf-guard.js';
import { postWebhook } from '../webhooks/webhook-sender.js';
import { WebhookSigner } from '../webhooks/webhook-signer.js';
import type { Principal } from './authorization.js';
import type { PlanEnforcement } from './plan-enforcement.js';
import {
  EVENT_TYPES,
  modeOf,
  type Page,
  type PageParams,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './types.js';

export interface EndpointParams {
  url?: string | undefined;
  events?: string[] | undefined;
  description?: string | null | undefined;
  enabled?: boolean | undefined;
  /** Seconds before each attempt; null: the server's schedule. */
  retrySchedule?: number[] | null | undefined;
  /** Failing continuously this long disables the endpoint; null: the server's period. */
  disableAfterSeconds?: number | null | undefined;
}

export interface WebhooksServiceOptions {
  /** How long the previous secret keeps signing after a rotation unless told otherwise. */
  rotationOverlapSeconds: number;
  /** The hard deadline of a test event's POST. */
  timeoutMs: number;
  /** Deliveries were queued for these endpoints (resend, recover). */
  onQueued?: (endpointIds: readonly string[]) => void;
}

/** The result of sending a test event: the receiver's answer, nothing stored. */
export interface TestResult {
  eventId: string;
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
}

const MAX_SCHEDULE = 50;
const MAX_WAIT_SECONDS = 604_800;
const MAX_RECOVER = 10_000;

function checkSchedule(schedule: number[] | null | undefined): number[] | null | undefined {
  if (schedule === undefined || schedule === null) return schedule;
  if (
    !Array.isArray(schedule) ||
    schedule.length < 1 ||
    schedule.length > MAX_SCHEDULE ||
    schedule.some((n) => typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > MAX_WAIT_SECONDS)
  ) {
    throw new AppError('VALIDATION_FAILED', {
      message: `retry_schedule must list 1 to ${MAX_SCHEDULE} waits in seconds, each from 0 to ${MAX_WAIT_SECONDS} (7 days).`,
      param: 'retry_schedule',
    });
  }
  return schedule;
}

function checkDisableAfter(seconds: number | null | undefined): number | null | undefined {
  if (seconds === undefined || seconds === null) return seconds;
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 90 * 86_400) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'disable_after_seconds must be a whole number of seconds from 60 to 7776000 (90 days).',
      param: 'disable_after_seconds',
    });
  }
  return seconds * 1000;
}

export const secretAad = (endpointId: string) => `webhook-secret:${endpointId}`;

function checkEvents(events: string[]): string[] {
  const families = new Set(EVENT_TYPES.map((t) => `${t.split('.')[0]}.*`));
  for (const e of events) {
    if (e !== '*' && !(EVENT_TYPES as readonly string[]).includes(e) && !families.has(e)) {
      throw new AppError('VALIDATION_FAILED', {
        message: `Unknown event type "${e}". Use one of ${EVENT_TYPES.join(', ')}, a family such as message.*, or *.`,
        param: 'events',
      });
    }
  }
  return [...new Set(events)];
}

export class WebhooksService {
  constructor(
    private readonly storage: Storage,
    private readonly box: SecretBox,
    private readonly allowPrivateTargets: boolean,
    private readonly enforcement?: PlanEnforcement,
    private readonly options: WebhooksServiceOptions = { rotationOverlapSeconds: 86_400, timeoutMs: 15_000 },
  ) {
    this.#signer = new WebhookSigner(box);
  }

  readonly #signer: WebhookSigner;

  #checkUrl(url: string): string {
    const problem = webhookUrlProblem(url, this.allowPrivateTargets);
    if (problem)
      throw new AppError('WEBHOOK_URL_NOT_ALLOWED', { message: `Webhook URL ${problem}.`, param: 'url' });
    return url;
  }

  async create(
    principal: Principal,
    params: EndpointParams,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    if (!params.url) throw new AppError('VALIDATION_FAILED', { message: 'url is required', param: 'url' });
    const now = Date.now();
    const endpoint: WebhookEndpoint = {
      id: newId('whk'),
      tenantId: principal.tenant.id,
      mode: principal.mode,
      url: this.#checkUrl(params.url),
      events: checkEvents(params.events ?? ['*']),
      description: params.description ?? null,
      enabled: params.enabled ?? true,
      createdAt: now,
      updatedAt: now,
      retrySchedule: checkSchedule(params.retrySchedule) ?? null,
      disableAfterMs: checkDisableAfter(params.disableAfterSeconds) ?? null,
    };
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    await this.storage.transaction(async (tx) => {
      await this.enforcement?.checkWebhookEndpointLimit(principal.tenant.id, principal.mode, tx);
      await tx.webhooks.insertEndpoint(endpoint, this.box.encrypt(secret, secretAad(endpoint.id)));
    });
    return { endpoint, secret };
  }

  /** An endpoint of the other mode is not found. */
  async get(principal: Principal, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.storage.webhooks.getEndpoint(principal.tenant.id, id);
    if (!endpoint || modeOf(endpoint) !== principal.mode) throw new AppError('WEBHOOK_NOT_FOUND');
    return endpoint;
  }

  async list(principal: Principal, page: PageParams): Promise<Page<WebhookEndpoint>> {
    const rows = await this.storage.webhooks.listEndpoints(
      principal.tenant.id,
      page.limit + 1,
      page.startingAfter,
      principal.mode,
    );
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  async update(principal: Principal, id: string, params: EndpointParams): Promise<WebhookEndpoint> {
    await this.get(principal, id);
    await this.storage.webhooks.updateEndpoint(
      id,
      {
        ...(params.url !== undefined && { url: this.#checkUrl(params.url) }),
        ...(params.events !== undefined && { events: checkEvents(params.events) }),
        ...(params.description !== undefined && { description: params.description }),
        ...(params.enabled !== undefined && { enabled: params.enabled }),
        ...(params.retrySchedule !== undefined && { retrySchedule: checkSchedule(params.retrySchedule) }),
        ...(params.disableAfterSeconds !== undefined && {
          disableAfterMs: checkDisableAfter(params.disableAfterSeconds),
        }),
      },
      Date.now(),
    );
    return this.get(principal, id);
  }

  async delete(principal: Principal, id: string): Promise<void> {
    await this.get(principal, id);
    await this.storage.webhooks.deleteEndpoint(id);
  }

  async deliveries(principal: Principal, id: string, page: PageParams): Promise<Page<WebhookDelivery>> {
    await this.get(principal, id);
    const rows = await this.storage.webhooks.listDeliveries(
      principal.tenant.id,
      id,
      page.limit + 1,
      page.startingAfter,
    );
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  /**
   * A new signing secret. The current one keeps signing too (both signatures in
   * `webhook-signature`) for `overlapSeconds`, so receivers can switch without dropping a delivery.
   */
  async rotateSecret(
    principal: Principal,
    id: string,
    overlapSeconds = this.options.rotationOverlapSeconds,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string; previousSecretExpiresAt: number }> {
    if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_WAIT_SECONDS) {
      throw new AppError('VALIDATION_FAILED', {
        message: `overlap_seconds must be a whole number from 0 to ${MAX_WAIT_SECONDS} (7 days).`,
        param: 'overlap_seconds',
      });
    }
    await this.get(principal, id);
    const current = await this.storage.webhooks.getEndpointWithSecret(id);
    if (!current) throw new AppError('WEBHOOK_NOT_FOUND');
    const now = Date.now();
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const expiresAt = now + overlapSeconds * 1000;
    await this.storage.webhooks.rotateSecret(
      id,
      this.box.encrypt(secret, secretAad(id)),
      current.sealedSecret,
      expiresAt,
      now,
    );
    return { endpoint: await this.get(principal, id), secret, previousSecretExpiresAt: expiresAt };
  }

  /** Queues one event to the endpoint again (same `webhook-id`), whatever its earlier deliveries. */
  async resend(principal: Principal, id: string, eventId: string): Promise<WebhookDelivery> {
    const endpoint = await this.get(principal, id);
    const event = await this.storage.events.getById(eventId);
    if (!event || event.tenantId !== principal.tenant.id || modeOf(event) !== modeOf(endpoint)) {
      throw new AppError('EVENT_NOT_FOUND', { param: 'event_id' });
    }
    const delivery = this.#newDelivery(endpoint, event.id, event.type, Date.now());
    await this.storage.webhooks.insertDelivery(delivery);
    this.options.onQueued?.([endpoint.id]);
    return { ...delivery, attempts: [] };
  }

  /**
   * Queues again every event whose deliveries to the endpoint, created in [since, until), all
   * failed (at most 10,000 a call). An event already queued again is not queued twice.
   */
  async recover(
    principal: Principal,
    id: string,
    range: { since: number; until?: number | undefined },
  ): Promise<{ queued: number }> {
    const endpoint = await this.get(principal, id);
    const now = Date.now();
    const until = range.until ?? now;
    if (!Number.isFinite(range.since) || !(until > range.since)) {
      throw new AppError('VALIDATION_FAILED', { message: 'since must be before until.', param: 'since' });
    }
    const queued = await this.storage.transaction(async (tx) => {
      const failed = await tx.webhooks.failedEvents(principal.tenant.id, id, range.since, until);
      for (const f of failed.slice(0, MAX_RECOVER)) {
        await tx.webhooks.insertDelivery(this.#newDelivery(endpoint, f.eventId, f.eventType, now));
      }
      return Math.min(failed.length, MAX_RECOVER);
    });
    if (queued > 0) this.options.onQueued?.([endpoint.id]);
    return { queued };
  }

  /**
   * POSTs a signed `webhook.test` event to the endpoint now and returns its answer. Nothing is
   * stored: it is not an event of the tenant, and no other endpoint receives it.
   */
  async sendTest(principal: Principal, id: string): Promise<TestResult> {
    const endpoint = await this.get(principal, id);
    const stored = await this.storage.webhooks.getEndpointWithSecret(id);
    if (!stored) throw new AppError('WEBHOOK_NOT_FOUND');
    const now = Date.now();
    const eventId = newId('evt');
    const body = JSON.stringify({
      id: eventId,
      type: 'webhook.test',
      timestamp: new Date(now).toISOString(),
      session_id: null,
      sequence: 0,
      data: { endpoint_id: endpoint.id, message: 'A test event from wagw.' },
    });
    const timestamp = Math.floor(now / 1000);
    const key = this.#signer.keyFor(id, stored.sealedSecret);
    const result = await postWebhook({
      url: endpoint.url,
      body,
      headers: {
        'webhook-id': eventId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': this.#signer.sign(key, eventId, timestamp, body),
      },
      timeoutMs: this.options.timeoutMs,
      guard: !this.allowPrivateTargets,
    });
    const ok =
      result.outcome === 'response' &&
      result.statusCode !== null &&
      result.statusCode < 300 &&
      result.statusCode >= 200;
    return {
      eventId,
      ok,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      responseBody: result.responseBody,
      error: result.error ?? (ok ? null : `HTTP ${result.statusCode}`),
    };
  }

  #newDelivery(endpoint: WebhookEndpoint, eventId: string, eventType: string, at: number) {
    return {
      id: newId('whd'),
      tenantId: endpoint.tenantId,
      endpointId: endpoint.id,
      eventId,
      eventType,
      status: 'pending' as const,
      attemptCount: 0,
      nextAttemptAt: at,
      createdAt: at,
    };
  }
}
