import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * What the session runtime needs to stay correct across crashes and races:
 * - `jobs.handed_at`: a write-ahead mark set (fenced) right before a job's message is handed to the
 *   engine, so a restart knows the send may have happened;
 * - `sessions.deleted_at`: deleted sessions become tombstones, so their failed messages and events
 *   stay readable (and a send racing the delete finds a row, not a foreign-key error);
 * - `session_leases.holder_host` / `holder_pid`: which process holds a lease, so a restarted process
 *   on the same host can take over at once from a holder that provably no longer exists.
 */
export function runtimeDurabilityMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('jobs').addColumn('handed_at', big).execute();
      await db.schema.alterTable('sessions').addColumn('deleted_at', big).execute();
      await db.schema.alterTable('session_leases').addColumn('holder_host', 'text').execute();
      await db.schema.alterTable('session_leases').addColumn('holder_pid', 'integer').execute();
    },
  };
}
