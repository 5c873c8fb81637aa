import type { Kysely } from 'kysely';

/**
 * Records the shape version of each event's data (see domain/event-data-versions.ts). Existing rows
 * stay NULL: written before versions existed, they are upcast from the first shape.
 */
export function eventDataVersionMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('events').addColumn('data_version', 'integer').execute();
    },
  };
}
