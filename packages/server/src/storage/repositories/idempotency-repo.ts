import type { Db, IdempotencyKeysTable } from '../database.js';

export type IdempotencyRecord = Pick<
  IdempotencyKeysTable,
  'fingerprint' | 'state' | 'response_status' | 'response_body' | 'locked_until' | 'created_at'
>;

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

  /** Inserts an in-flight record; returns false when the key is already taken. */
  async tryInsert(tenantId: string, key: string, fingerprint: string, lockedUntil: number, at: number) {
    const result = await this.db
      .insertInto('idempotency_keys')
      .values({
        tenant_id: tenantId,
        key,
        fingerprint,
        state: 'in_flight',
        response_status: null,
        response_body: null,
        locked_until: lockedUntil,
        created_at: at,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
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
