import { type Kysely, sql } from 'kysely';

/**
 * - Records the shape version of each event's data (see domain/event-data-versions.ts). Existing
 *   rows stay NULL: written before versions existed, they are upcast from the first shape.
 * - At most one admin tenant: two servers starting on one fresh database could each create one.
 *   Where that already happened, the oldest stays admin and the others become ordinary tenants
 *   (their keys keep working, without admin rights).
 * - Due webhook deliveries in claim order straight from an index: `(status, next_attempt_at)`
 *   left the `id` tie-break to a sort of every due row, so each claim cost grew with the backlog.
 */
export function hardeningMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('events').addColumn('data_version', 'integer').execute();

      const first = await sql<{ id: string }>`
        select id from tenants where is_admin = 1 order by created_at, id limit 1`.execute(db);
      const keep = first.rows[0]?.id;
      if (keep) await sql`update tenants set is_admin = 0 where is_admin = 1 and id <> ${keep}`.execute(db);
      await db.schema
        .createIndex('tenants_single_admin')
        .on('tenants')
        .column('is_admin')
        .unique()
        .where(sql.ref('is_admin'), '=', 1)
        .execute();

      await db.schema
        .createIndex('webhook_deliveries_claim_order')
        .on('webhook_deliveries')
        .columns(['status', 'next_attempt_at', 'id'])
        .execute();
      await db.schema.dropIndex('webhook_deliveries_due').execute();
    },
  };
}
