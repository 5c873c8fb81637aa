import { randomBytes } from 'node:crypto';
import { newId } from '../crypto/ids.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { webhookUrlProblem } from '../webhooks/ssrf-guard.js';
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
  ) {}

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
}
