import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Webhook delivery you can trust (issue 8): per-endpoint retry schedule and auto-disable period,
 * secret rotation with an overlap window (the previous secret, sealed, until it expires), the
 * failing streak that auto-disable measures, why and when an endpoint was disabled, and each
 * attempt's request and response headers.
 */
export function webhookDeliveryMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const endpointColumns: Array<[string, 'text' | 'bigint' | 'integer']> = [
        ['retry_schedule', 'text'],
        ['disable_after_ms', big],
        ['previous_secret', 'text'],
        ['previous_secret_expires_at', big],
        ['failing_since', big],
        ['disabled_reason', 'text'],
        ['disabled_at', big],
      ];
      for (const [name, type] of endpointColumns) {
        await db.schema.alterTable('webhook_endpoints').addColumn(name, type).execute();
      }
      for (const name of ['request_headers', 'response_headers']) {
        await db.schema.alterTable('webhook_attempts').addColumn(name, 'text').execute();
      }
    },
  };
}
