import type { Selectable } from 'kysely';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../../domain/types.js';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

/** The webhooks tables' row mappers and prepared statements, used by `WebhooksRepo`. */

export const toEndpoint = (r: Selectable<WebhookEndpointsTable>): WebhookEndpoint => ({
  id: r.id,
  tenantId: r.tenant_id,
  mode: r.mode,
  url: r.url,
  events: JSON.parse(r.events) as string[],
  description: r.description,
  enabled: r.enabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  retrySchedule: r.retry_schedule === null ? null : (JSON.parse(r.retry_schedule) as number[]),
  disableAfterMs: r.disable_after_ms === null ? null : Number(r.disable_after_ms),
  failingSince: r.failing_since === null ? null : Number(r.failing_since),
  disabledReason: r.disabled_reason,
  disabledAt: r.disabled_at === null ? null : Number(r.disabled_at),
  previousSecretExpiresAt:
    r.previous_secret_expires_at === null ? null : Number(r.previous_secret_expires_at),
});

export const parseHeaders = (text: string | null) =>
  text === null ? null : (JSON.parse(text) as Record<string, string>);

export const toDelivery = (r: WebhookDeliveriesTable, attempts: WebhookAttempt[] = []): WebhookDelivery => ({
  id: r.id,
  tenantId: r.tenant_id,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  eventType: r.event_type,
  status: r.status,
  attemptCount: r.attempt_count,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  attempts,
});

export const endpointById = new PreparedQuery((db, id: string) =>
  db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id),
);
export const enabledEndpoints = new PreparedQuery((db, tenantId: string) =>
  db.selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId).where('enabled', '=', 1),
);
export const insertDelivery = new PreparedQuery(
  (
    db,
    id: string,
    tenantId: string,
    endpointId: string,
    eventId: string,
    eventType: string,
    status: WebhookDelivery['status'],
    attemptCount: number,
    nextAttemptAt: number | null,
    createdAt: number,
  ) =>
    db.insertInto('webhook_deliveries').values({
      id,
      tenant_id: tenantId,
      endpoint_id: endpointId,
      event_id: eventId,
      event_type: eventType,
      status,
      attempt_count: attemptCount,
      next_attempt_at: nextAttemptAt,
      locked_by: null,
      locked_until: null,
      created_at: createdAt,
      updated_at: createdAt,
    }),
);
export const finishAttempt = new PreparedQuery(
  (
    db,
    id: string,
    owner: string,
    status: WebhookDelivery['status'],
    attemptCount: number,
    nextAttemptAt: number | null,
    at: number,
  ) =>
    db
      .updateTable('webhook_deliveries')
      .set({
        status,
        attempt_count: attemptCount,
        next_attempt_at: nextAttemptAt,
        locked_by: null,
        locked_until: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('locked_by', '=', owner),
);
export const insertAttempt = new PreparedQuery(
  (
    db,
    deliveryId: string,
    attempt: number,
    statusCode: number | null,
    durationMs: number,
    responseBody: string | null,
    error: string | null,
    requestHeaders: string | null,
    responseHeaders: string | null,
    at: number,
  ) =>
    db.insertInto('webhook_attempts').values({
      delivery_id: deliveryId,
      attempt,
      status_code: statusCode,
      duration_ms: durationMs,
      response_body: responseBody,
      error,
      request_headers: requestHeaders,
      response_headers: responseHeaders,
      created_at: at,
    }),
);
