import type { PagePromise } from '../core/pagination.js';
import { path, type RequestOptions } from '../core/request.js';
import { APIResource } from '../core/resource.js';
import type {
  WebhookCreateParams,
  WebhookDelivery,
  WebhookDeliveryListParams,
  WebhookEndpoint,
  WebhookEndpointCreated,
  WebhookEndpointDeleted,
  WebhookListParams,
  WebhookRecoverParams,
  WebhookRecoverResult,
  WebhookResendParams,
  WebhookRotateSecretParams,
  WebhookSecretRotated,
  WebhookTestResult,
  WebhookUpdateParams,
} from '../types.js';

/** `wagw.webhooks`: endpoints that receive signed events, and their delivery log. */
export class Webhooks extends APIResource {
  /**
   * Registers an endpoint. The response carries its signing `secret`, shown only this once; keep
   * it for `verifyWebhook()`. A replay of a create that already succeeded (the same
   * Idempotency-Key) throws `ConflictError` with code `SECRET_NOT_REPLAYABLE` and the endpoint's id
   * in `details.id`, since the secret is not stored: delete that endpoint and create another.
   *
   * @example
   * const { id, secret } = await wagw.webhooks.create({ url: 'https://example.com/hooks', events: ['message.received'] });
   */
  create(params: WebhookCreateParams, options?: RequestOptions): Promise<WebhookEndpointCreated> {
    return this.transport.request({ method: 'POST', path: 'v1/webhooks', body: params }, options);
  }

  list(params?: WebhookListParams, options?: RequestOptions): PagePromise<WebhookEndpoint> {
    return this.paginate('v1/webhooks', params, options);
  }

  get(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.transport.request({ method: 'GET', path: path`v1/webhooks/${id}` }, options);
  }

  update(id: string, params: WebhookUpdateParams, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.transport.request({ method: 'PATCH', path: path`v1/webhooks/${id}`, body: params }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<WebhookEndpointDeleted> {
    return this.transport.request({ method: 'DELETE', path: path`v1/webhooks/${id}` }, options);
  }

  /** The endpoint's deliveries with every attempt, newest first. */
  deliveries(
    id: string,
    params?: WebhookDeliveryListParams,
    options?: RequestOptions,
  ): PagePromise<WebhookDelivery> {
    return this.paginate(path`v1/webhooks/${id}/deliveries`, params, options);
  }

  /**
   * A new signing secret, shown only in this response. Until `previous_secret_expires_at`
   * (`overlap_seconds`, default a day) deliveries carry signatures with both secrets, so
   * receivers can switch over without rejecting one.
   *
   * @example
   * const { secret } = await wagw.webhooks.rotateSecret('whk_…', { overlap_seconds: 3600 });
   */
  rotateSecret(
    id: string,
    params: WebhookRotateSecretParams = {},
    options?: RequestOptions,
  ): Promise<WebhookSecretRotated> {
    return this.transport.request(
      { method: 'POST', path: path`v1/webhooks/${id}/rotate-secret`, body: params },
      options,
    );
  }

  /** POSTs a signed `webhook.test` event to the endpoint now and returns its answer (`ok`: 2xx). */
  test(id: string, options?: RequestOptions): Promise<WebhookTestResult> {
    return this.transport.request({ method: 'POST', path: path`v1/webhooks/${id}/test`, body: {} }, options);
  }

  /** Queues one event to the endpoint again, with the same `webhook-id`; returns the new delivery. */
  resend(id: string, params: WebhookResendParams, options?: RequestOptions): Promise<WebhookDelivery> {
    return this.transport.request(
      { method: 'POST', path: path`v1/webhooks/${id}/resend`, body: params },
      options,
    );
  }

  /**
   * Queues again every event whose deliveries to the endpoint failed between `since` and `until`
   * (default now), once each.
   *
   * @example
   * const { queued } = await wagw.webhooks.recover('whk_…', { since: '2026-12-01T00:00:00Z' });
   */
  recover(id: string, params: WebhookRecoverParams, options?: RequestOptions): Promise<WebhookRecoverResult> {
    return this.transport.request(
      { method: 'POST', path: path`v1/webhooks/${id}/recover`, body: params },
      options,
    );
  }
}
