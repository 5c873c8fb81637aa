import type { Kysely } from 'kysely';

/**
 * Test mode, as in Stripe: sessions, their events and webhook endpoints belong to one mode.
 * `wagw_test_…` keys see and use only test-mode rows, live keys only live ones; a test endpoint
 * receives only test events. Messages follow their session. Everything that exists is live.
 */
export function testModeMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of ['sessions', 'events', 'webhook_endpoints']) {
        await db.schema
          .alterTable(table)
          .addColumn('mode', 'text', (c) => c.notNull().defaultTo('live'))
          .execute();
      }
    },
  };
}
