import type { Db, IdempotencyKeysTable } from '../database.js';

export type IdempotencyRecord = Pick<
  IdempotencyKeysTable,
  'fingerprint' | 'state' | 'response_status' | 'response_body' | 'locked_until' | 'created_at'
>;

/**
 * How long an Idempotency-Key is remembered, from its first request: the HTTP record and the key
 * stored on a message (see MessagesRepo.findByIdempotencyKey) share this one window.
 */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

export class IdempotencyRepo {
  constructor(private readonly db: Db) {}

  async get(tenantId: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.db
      .selectFrom('idempotency_keys')
      .select(['fingerprint', 'state', 'response_status', 'response_body', 'locked_until', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  /**
   * Inserts an in-flight record; returns false when the key is already taken. A record older than
   * the retention window counts as absent (the sweep may not have deleted it yet) and is replaced.
   */
  async tryInsert(tenantId: string, key: string, fingerprint: string, lockedUntil: number, at: number) {
    const fresh = {
      fingerprint,
      state: 'in_flight',
      response_status: null,
      response_body: null,
      locked_until: lockedUntil,
      created_at: at,
    } as const;
    const result = await this.db
      .insertInto('idempotency_keys')
      .values({ tenant_id: tenantId, key, ...fresh })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'key'])
          .doUpdateSet(fresh)
          .where('idempotency_keys.created_at', '<', at - IDEMPOTENCY_RETENTION_MS),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Takes over an in-flight record whose owner died (its lock expired). */
  async takeOver(tenantId: string, key: string, now: number, lockedUntil: number): Promise<boolean> {
    const result = await this.db
      .updateTable('idempotency_keys')
      .set({ locked_until: lockedUntil })
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .where('state', '=', 'in_flight')
      .where('locked_until', '<', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async complete(tenantId: string, key: string, status: number, body: string): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ state: 'done', response_status: status, response_body: body })
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .execute();
  }

  async delete(tenantId: string, key: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .execute();
  }

  async deleteOlderThan(before: number): Promise<void> {
    await this.db.deleteFrom('idempotency_keys').where('created_at', '<', before).execute();
  }
}
