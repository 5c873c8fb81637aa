import {
  type Mode,
  modeOf,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../domain/types.js';
import type { Db } from '../database.js';

import {
  enabledEndpoints,
  endpointById,
  finishAttempt,
  insertAttempt,
  insertDelivery,
  parseHeaders,
  toDelivery,
  toEndpoint,
} from './webhooks-sql.js';

export interface EndpointPatch {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
  retrySchedule?: number[] | null;
  disableAfterMs?: number | null;
}

/** An endpoint with its sealed secrets, as the dispatcher signs with them. */
export interface EndpointWithSecret extends WebhookEndpoint {
  sealedSecret: string;
  /** The secret before the last rotation, while its overlap window lasts. */
  sealedPreviousSecret: string | null;
}

export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  endpointId: string;
  eventId: string;
  attemptCount: number;
}

export class WebhooksRepo {
  constructor(private readonly db: Db) {}

  async insertEndpoint(e: WebhookEndpoint, sealedSecret: string): Promise<void> {
    await this.db
      .insertInto('webhook_endpoints')
      .values({
        id: e.id,
        tenant_id: e.tenantId,
        mode: modeOf(e),
        url: e.url,
        events: JSON.stringify(e.events),
        description: e.description,
        secret: sealedSecret,
        enabled: e.enabled ? 1 : 0,
        retry_schedule: e.retrySchedule ? JSON.stringify(e.retrySchedule) : null,
        disable_after_ms: e.disableAfterMs ?? null,
        created_at: e.createdAt,
        updated_at: e.updatedAt,
      })
      .execute();
  }

  async getEndpoint(tenantId: string, id: string): Promise<WebhookEndpoint | undefined> {
    const row = await this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toEndpoint(row);
  }

  async getEndpointWithSecret(id: string): Promise<EndpointWithSecret | undefined> {
    const row = await endpointById.first(this.db, id);
    return row && { ...toEndpoint(row), sealedSecret: row.secret, sealedPreviousSecret: row.previous_secret };
  }

  /** A new secret; the current one keeps signing too until `previousExpiresAt`. */
  async rotateSecret(
    id: string,
    sealedSecret: string,
    sealedPrevious: string,
    previousExpiresAt: number,
    at: number,
  ): Promise<void> {
    await this.db
      .updateTable('webhook_endpoints')
      .set({
        secret: sealedSecret,
        previous_secret: sealedPrevious,
        previous_secret_expires_at: previousExpiresAt,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Tracks the endpoint's failing streak: a success ends it, a failure starts it unless one is
   * running. Returns when the streak started (null after a success).
   */
  async noteOutcome(id: string, ok: boolean, at: number): Promise<number | null> {
    const row = await this.db
      .updateTable('webhook_endpoints')
      .set((eb) => ({
        failing_since: ok ? null : eb.fn.coalesce('failing_since', eb.val(at)),
      }))
      .where('id', '=', id)
      .returning('failing_since')
      .executeTakeFirst();
    return row?.failing_since === null || row?.failing_since === undefined ? null : Number(row.failing_since);
  }

  /** Disables an enabled endpoint; the endpoint as it is now, or undefined when it was not enabled. */
  async disableEndpoint(
    id: string,
    reason: 'failing' | 'gone',
    at: number,
  ): Promise<WebhookEndpoint | undefined> {
    const row = await this.db
      .updateTable('webhook_endpoints')
      .set({ enabled: 0, disabled_reason: reason, disabled_at: at, updated_at: at })
      .where('id', '=', id)
      .where('enabled', '=', 1)
      .returningAll()
      .executeTakeFirst();
    return row && toEndpoint(row);
  }

  async listEndpoints(
    tenantId: string,
    limit: number,
    startingAfter?: string,
    mode?: Mode,
  ): Promise<WebhookEndpoint[]> {
    let q = this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .limit(limit);
    if (startingAfter) q = q.where('id', '>', startingAfter);
    if (mode) q = q.where('mode', '=', mode);
    return (await q.execute()).map(toEndpoint);
  }

  async listEnabledEndpoints(tenantId: string): Promise<WebhookEndpoint[]> {
    return (await enabledEndpoints.rows(this.db, tenantId)).map(toEndpoint);
  }

  async updateEndpoint(id: string, patch: EndpointPatch, at: number): Promise<void> {
    await this.db
      .updateTable('webhook_endpoints')
      .set({
        updated_at: at,
        ...(patch.url !== undefined && { url: patch.url }),
        ...(patch.events !== undefined && { events: JSON.stringify(patch.events) }),
        ...(patch.description !== undefined && { description: patch.description }),
        // Enabling again starts afresh: no disable reason, no failing streak.
        ...(patch.enabled !== undefined && {
          enabled: patch.enabled ? 1 : 0,
          ...(patch.enabled && { disabled_reason: null, disabled_at: null, failing_since: null }),
        }),
        ...(patch.retrySchedule !== undefined && {
          retry_schedule: patch.retrySchedule === null ? null : JSON.stringify(patch.retrySchedule),
        }),
        ...(patch.disableAfterMs !== undefined && { disable_after_ms: patch.disableAfterMs }),
      })
      .where('id', '=', id)
      .execute();
  }

  async deleteEndpoint(id: string): Promise<void> {
    await this.db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
  }

  async insertDelivery(d: Omit<WebhookDelivery, 'attempts'>): Promise<void> {
    await insertDelivery.execute(
      this.db,
      d.id,
      d.tenantId,
      d.endpointId,
      d.eventId,
      d.eventType,
      d.status,
      d.attemptCount,
      d.nextAttemptAt,
      d.createdAt,
    );
  }

  /**
   * Claims up to `limit` due deliveries for `owner` until `lockedUntil`, at most `perEndpoint` per
   * endpoint counting the `inFlight` ones the caller already holds, so one endpoint's backlog cannot
   * take every slot. A crashed worker's claims expire and are picked up again. Postgres skips rows
   * other servers hold; SQLite has one writer. Call it inside a transaction.
   */
  async claimDue(c: {
    owner: string;
    now: number;
    lockedUntil: number;
    limit: number;
    perEndpoint: number;
    inFlight: ReadonlyMap<string, number>;
    skipLocked: boolean;
    /** Tenants whose deliveries are left where they are (over their rate for now). */
    excludeTenants?: readonly string[];
  }): Promise<ClaimedDelivery[]> {
    const full = [...c.inFlight].filter(([, n]) => n >= c.perEndpoint).map(([id]) => id);
    let q = this.db
      .selectFrom('webhook_deliveries')
      .select(['id', 'endpoint_id'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', c.now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', c.now)]))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(c.limit);
    if (full.length > 0) q = q.where('endpoint_id', 'not in', full);
    if (c.excludeTenants && c.excludeTenants.length > 0) q = q.where('tenant_id', 'not in', c.excludeTenants);
    if (c.skipLocked) q = q.forUpdate().skipLocked();
    const taken = new Map(c.inFlight);
    const ids: string[] = [];
    for (const row of await q.execute()) {
      const n = taken.get(row.endpoint_id) ?? 0;
      if (n >= c.perEndpoint) continue;
      taken.set(row.endpoint_id, n + 1);
      ids.push(row.id);
    }
    if (ids.length === 0) return [];
    const rows = await this.db
      .updateTable('webhook_deliveries')
      .set({ locked_by: c.owner, locked_until: c.lockedUntil })
      .where('id', 'in', ids)
      .returning(['id', 'tenant_id', 'endpoint_id', 'event_id', 'attempt_count'])
      .execute();
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      endpointId: r.endpoint_id,
      eventId: r.event_id,
      attemptCount: r.attempt_count,
    }));
  }

  /**
   * Gives a claim back untouched (no attempt counted), so the delivery is due again at once: for
   * a delivery interrupted by shutdown.
   */
  async releaseClaim(deliveryId: string, owner: string, at: number): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ locked_by: null, locked_until: null, updated_at: at })
      .where('id', '=', deliveryId)
      .where('locked_by', '=', owner)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Gives a claim back due at `dueAt` (no attempt counted): a tenant over its rate waits. */
  async deferClaim(deliveryId: string, owner: string, dueAt: number, at: number): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ locked_by: null, locked_until: null, next_attempt_at: dueAt, updated_at: at })
      .where('id', '=', deliveryId)
      .where('locked_by', '=', owner)
      .where('status', '=', 'pending')
      .execute();
  }

  async recordAttempt(
    deliveryId: string,
    attempt: Omit<WebhookAttempt, 'createdAt'>,
    outcome: { status: WebhookDelivery['status']; nextAttemptAt: number | null },
    owner: string,
    at: number,
  ): Promise<boolean> {
    const updated = await finishAttempt.affected(
      this.db,
      deliveryId,
      owner,
      outcome.status,
      attempt.attempt,
      outcome.nextAttemptAt,
      at,
    );
    if (updated === 0) return false;
    await insertAttempt.execute(
      this.db,
      deliveryId,
      attempt.attempt,
      attempt.statusCode,
      attempt.durationMs,
      attempt.responseBody,
      attempt.error,
      attempt.requestHeaders ? JSON.stringify(attempt.requestHeaders) : null,
      attempt.responseHeaders ? JSON.stringify(attempt.responseHeaders) : null,
      at,
    );
    return true;
  }

  /**
   * Events of the endpoint whose deliveries created in [since, until) all failed (none pending or
   * succeeded, so recovering twice does not send twice), oldest first.
   */
  async failedEvents(
    tenantId: string,
    endpointId: string,
    since: number,
    until: number,
  ): Promise<Array<{ eventId: string; eventType: string }>> {
    const rows = await this.db
      .selectFrom('webhook_deliveries as d')
      .select(['d.event_id', 'd.event_type'])
      .where('d.tenant_id', '=', tenantId)
      .where('d.endpoint_id', '=', endpointId)
      .where('d.status', '=', 'failed')
      .where('d.created_at', '>=', since)
      .where('d.created_at', '<', until)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('webhook_deliveries as o')
              .select('o.id')
              .whereRef('o.endpoint_id', '=', 'd.endpoint_id')
              .whereRef('o.event_id', '=', 'd.event_id')
              .where('o.status', '<>', 'failed'),
          ),
        ),
      )
      .groupBy(['d.event_id', 'd.event_type'])
      .orderBy((eb) => eb.fn.min('d.created_at'))
      .execute();
    return rows.map((r) => ({ eventId: r.event_id, eventType: r.event_type }));
  }

  /**
   * Deliveries with their attempts in one statement (one snapshot on either dialect: a delivery
   * and its attempts are never seen at different moments).
   */
  async listDeliveries(
    tenantId: string,
    endpointId: string,
    limit: number,
    startingAfter?: string,
  ): Promise<WebhookDelivery[]> {
    let page = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('endpoint_id', '=', endpointId)
      .orderBy('id', 'desc')
      .limit(limit);
    if (startingAfter) page = page.where('id', '<', startingAfter);
    const rows = await this.db
      .selectFrom(page.as('d'))
      .leftJoin('webhook_attempts as a', 'a.delivery_id', 'd.id')
      .selectAll('d')
      .select([
        'a.attempt',
        'a.status_code',
        'a.duration_ms',
        'a.response_body',
        'a.error',
        'a.created_at as attempted_at',
        'a.request_headers',
        'a.response_headers',
      ])
      .orderBy('d.id', 'desc')
      .orderBy('a.attempt')
      .execute();
    const byId = new Map<string, WebhookDelivery>();
    for (const r of rows) {
      let d = byId.get(r.id);
      if (!d) {
        d = toDelivery(r);
        byId.set(r.id, d);
      }
      if (r.attempt === null) continue;
      d.attempts.push({
        attempt: r.attempt,
        statusCode: r.status_code,
        durationMs: r.duration_ms ?? 0,
        responseBody: r.response_body,
        error: r.error,
        createdAt: Number(r.attempted_at),
        requestHeaders: parseHeaders(r.request_headers),
        responseHeaders: parseHeaders(r.response_headers),
      });
    }
    return [...byId.values()];
  }
}
