import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * API request logs (`GET /v1/logs`, `wagw logs tail`): one row per authenticated request, kept
 * for `requestLogs.retentionDays`. `pos` is the commit order (one writer lock), so a stream that
 * resumes after a position misses nothing.
 */
export function requestLogsMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const autoId = (c: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement();
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('request_logs')
        .addColumn('pos', serial, autoId)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('route', 'text')
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('api_key_id', 'text')
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('request_logs_tenant')
        .on('request_logs')
        .columns(['tenant_id', 'mode', 'pos'])
        .execute();
      await db.schema.createIndex('request_logs_created').on('request_logs').column('created_at').execute();
    },
  };
}
