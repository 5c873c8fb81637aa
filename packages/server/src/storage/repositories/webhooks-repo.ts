import type { Selectable } from 'kysely';
import {
  type Mode,
  modeOf,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../domain/types.js';
import type { Db, WebhookDeliveriesTable, WebhookEndpointsTable } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

const toEndpoint = (r: Selectable<WebhookEndpointsTable>): WebhookEndpoint => ({
  id: r.id,
  tenantId: r.tenant_id,
  mode: r.mode,
  url: r.url,
  events: JSON.parse(r.events) as string[],
  description: r.description,
  enabled: r.enabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toDelivery = (r: WebhookDeliveriesTable, attempts: WebhookAttempt[] = []): WebhookDelivery => ({
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

export interface EndpointPatch {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
}

export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  endpointId: string;
  eventId: string;
  attemptCount: number;
}

const endpointById = new PreparedQuery((db, id: string) =>
  db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id),
);
const enabledEndpoints = new PreparedQuery((db, tenantId: string) =>
  db.selectFrom('webhook_endpoints').selectAll().where('tenant_id', '=', tenantId).where('enabled', '=', 1),
);
const insertDelivery = new PreparedQuery(
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
const finishAttempt = new PreparedQuery(
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
const insertAttempt = new PreparedQuery(
  (
    db,
    deliveryId: string,
    attempt: number,
    statusCode: number | null,
    durationMs: number,
    responseBody: string | null,
    error: string | null,
    at: number,
  ) =>
    db.insertInto('webhook_attempts').values({
      delivery_id: deliveryId,
      attempt,
      status_code: statusCode,
      duration_ms: durationMs,
      response_body: responseBody,
      error,
      created_at: at,
    }),
);

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

  async getEndpointWithSecret(id: string): Promise<(WebhookEndpoint & { sealedSecret: string }) | undefined> {
    const row = await endpointById.first(this.db, id);
    return row && { ...toEndpoint(row), sealedSecret: row.secret };
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
        ...(patch.enabled !== undefined && { enabled: patch.enabled ? 1 : 0 }),
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
      at,
    );
    return true;
  }

  async listDeliveries(
    tenantId: string,
    endpointId: string,
    limit: number,
    startingAfter?: string,
  ): Promise<WebhookDelivery[]> {
    let q = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('endpoint_id', '=', endpointId)
      .orderBy('id', 'desc')
      .limit(limit);
    if (startingAfter) q = q.where('id', '<', startingAfter);
    const rows = await q.execute();
    if (rows.length === 0) return [];
    const attempts = await this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where(
        'delivery_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('attempt')
      .execute();
    return rows.map((r) =>
      toDelivery(
        r,
        attempts
          .filter((a) => a.delivery_id === r.id)
          .map((a) => ({
            attempt: a.attempt,
            statusCode: a.status_code,
            durationMs: a.duration_ms,
            responseBody: a.response_body,
            error: a.error,
            createdAt: a.created_at,
          })),
      ),
    );
  }
}
