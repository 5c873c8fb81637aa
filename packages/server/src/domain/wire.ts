import type {
  ApiKey,
  DomainEvent,
  Message,
  Session,
  Tenant,
  WebhookDelivery,
  WebhookEndpoint,
} from './types.js';
import { messageContent } from './wire-message-content.js';

/**
 * The public (snake_case, ISO time) shapes of the API. Webhook payloads and the HTTP API render the
 * same objects through these functions, so they cannot drift apart.
 */
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export const wire = {
  tenant: (t: Tenant) => ({
    id: t.id,
    name: t.name,
    is_admin: t.isAdmin,
    created_at: iso(t.createdAt),
    status: t.status,
    suspended_at: isoOrNull(t.suspendedAt),
    suspended_reason: t.suspendedReason,
  }),

  apiKey: (k: ApiKey) => ({
    id: k.id,
    tenant_id: k.tenantId,
    name: k.name,
    mode: k.mode,
    prefix: k.prefix,
    created_at: iso(k.createdAt),
    last_used_at: isoOrNull(k.lastUsedAt),
    revoked_at: isoOrNull(k.revokedAt),
    scopes: k.scopes,
    expires_at: isoOrNull(k.expiresAt),
    last_used_ip: k.lastUsedIp,
    allowed_ips: k.allowedIps,
    user_id: k.userId,
    grace_until: isoOrNull(k.graceUntil),
    replaced_by: k.replacedBy,
  }),

  session: (s: Session) => ({
    id: s.id,
    mode: s.mode ?? 'live',
    name: s.name,
    engine: s.engine,
    status: s.status,
    status_changed_at: iso(s.statusChangedAt),
    status_reason: s.statusReason,
    phone: s.phone,
    auto_pair: s.autoPair,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  }),

  message: (m: Message) => ({
    id: m.id,
    session_id: m.sessionId,
    direction: m.direction,
    type: m.type,
    to: m.to,
    from: m.from,
    to_lid: m.toLid,
    from_lid: m.fromLid,
    ...messageContent(m.body),
    edited_at: isoOrNull(m.editedAt ?? null),
    revoked_at: isoOrNull(m.revokedAt ?? null),
    send_at: isoOrNull(m.sendAt ?? null),
    cancelled_at: isoOrNull(m.cancelledAt ?? null),
    status: m.status,
    error: m.error,
    wa_message_id: m.waMessageId,
    created_at: iso(m.createdAt),
    sent_at: isoOrNull(m.sentAt),
    delivered_at: isoOrNull(m.deliveredAt),
    read_at: isoOrNull(m.readAt),
    failed_at: isoOrNull(m.failedAt),
  }),

  event: (e: DomainEvent) => ({
    id: e.id,
    type: e.type,
    session_id: e.sessionId,
    sequence: e.sequence,
    created_at: iso(e.createdAt),
    data: e.data,
  }),

  /** The body POSTed to webhook endpoints (Standard Webhooks' suggested `{type, timestamp, data}`). */
  webhookPayload: (e: DomainEvent) => ({
    id: e.id,
    type: e.type,
    timestamp: iso(e.createdAt),
    session_id: e.sessionId,
    sequence: e.sequence,
    data: e.data,
  }),

  webhookEndpoint: (w: WebhookEndpoint) => ({
    id: w.id,
    mode: w.mode ?? 'live',
    url: w.url,
    events: w.events,
    description: w.description,
    enabled: w.enabled,
    retry_schedule: w.retrySchedule ?? null,
    disable_after_seconds: w.disableAfterMs == null ? null : Math.round(w.disableAfterMs / 1000),
    failing_since: isoOrNull(w.failingSince ?? null),
    disabled_reason: w.disabledReason ?? null,
    disabled_at: isoOrNull(w.disabledAt ?? null),
    previous_secret_expires_at: isoOrNull(w.previousSecretExpiresAt ?? null),
    created_at: iso(w.createdAt),
    updated_at: iso(w.updatedAt),
  }),

  webhookDelivery: (d: WebhookDelivery) => ({
    id: d.id,
    endpoint_id: d.endpointId,
    event_id: d.eventId,
    event_type: d.eventType,
    status: d.status,
    attempt_count: d.attemptCount,
    next_attempt_at: isoOrNull(d.nextAttemptAt),
    created_at: iso(d.createdAt),
    attempts: d.attempts.map((a) => ({
      attempt: a.attempt,
      request_headers: a.requestHeaders ?? null,
      status_code: a.statusCode,
      response_headers: a.responseHeaders ?? null,
      duration_ms: a.durationMs,
      response_body: a.responseBody,
      error: a.error,
      created_at: iso(a.createdAt),
    })),
  }),
};
