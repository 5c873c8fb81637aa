import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The hosted-instance layer: accounts (users, memberships, login sessions, password resets,
 * invites), scoped and rotating API keys, tenant suspension, plans and subscriptions, usage
 * counters, invoices, the fallback rate-limit store and the audit log.
 *
 * Money is stored in minor units (cents) as integers; JSON lists (scopes, allowed IPs, audit
 * details) are text. `NULL` scopes mean "every scope the key's owner has" (keys made before this
 * migration keep working as before).
 */
export function tenancyMigration(dialect: DialectName) {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const autoId = (c: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement();
  const tenantRef = (c: ColumnDefinitionBuilder) => c.notNull().references('tenants.id').onDelete('cascade');
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('tenants')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .execute();
      await db.schema.alterTable('tenants').addColumn('suspended_at', big).execute();
      await db.schema.alterTable('tenants').addColumn('suspended_reason', 'text').execute();

      for (const [name, type] of [
        ['scopes', 'text'],
        ['expires_at', big],
        ['last_used_ip', 'text'],
        ['allowed_ips', 'text'],
        ['user_id', 'text'],
        ['grace_until', big],
        ['replaced_by', 'text'],
      ] as const) {
        await db.schema.alterTable('api_keys').addColumn(name, type).execute();
      }

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('person'))
        .addColumn('platform_role', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addColumn('disabled_at', big)
        .execute();

      await db.schema
        .createTable('memberships')
        .addColumn('tenant_id', 'text', tenantRef)
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['tenant_id', 'user_id'])
        .execute();
      await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

      await db.schema
        .createTable('login_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('set null'))
        .addColumn('access_hash', 'text', (c) => c.notNull().unique())
        .addColumn('refresh_hash', 'text', (c) => c.notNull().unique())
        .addColumn('access_expires_at', big, (c) => c.notNull())
        .addColumn('refresh_expires_at', big, (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('last_used_at', big)
        .addColumn('revoked_at', big)
        .execute();
      await db.schema.createIndex('login_sessions_user').on('login_sessions').column('user_id').execute();

      await db.schema
        .createTable('password_resets')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('expires_at', big, (c) => c.notNull())
        .addColumn('used_at', big)
        .addColumn('created_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('invites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', tenantRef)
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('invited_by', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('expires_at', big, (c) => c.notNull())
        .addColumn('accepted_at', big)
        .addColumn('revoked_at', big)
        .execute();
      await db.schema.createIndex('invites_tenant').on('invites').columns(['tenant_id', 'id']).execute();

      await db.schema
        .createTable('plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('price_cents', big, (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('requests_per_minute', 'integer', (c) => c.notNull())
        .addColumn('max_sessions', 'integer', (c) => c.notNull())
        .addColumn('monthly_messages', big)
        .addColumn('overage_cents_per_message', big)
        .addColumn('max_webhook_endpoints', 'integer', (c) => c.notNull())
        .addColumn('webhook_deliveries_per_minute', 'integer', (c) => c.notNull())
        .addColumn('trial_days', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => tenantRef(c).unique())
        .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('current_period_start', big, (c) => c.notNull())
        .addColumn('current_period_end', big, (c) => c.notNull())
        .addColumn('trial_end', big)
        .addColumn('cancel_at_period_end', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('pending_plan_id', 'text', (c) => c.references('plans.id'))
        .addColumn('canceled_at', big)
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('usage_counters')
        .addColumn('tenant_id', 'text', tenantRef)
        .addColumn('period_start', big, (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('value', big, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('usage_counters_pk', ['tenant_id', 'period_start', 'metric'])
        .execute();

      await db.schema
        .createTable('invoices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', tenantRef)
        .addColumn('number', big, (c) => c.notNull().unique())
        .addColumn('period_start', big, (c) => c.notNull())
        .addColumn('period_end', big, (c) => c.notNull())
        .addColumn('plan_id', 'text')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('subtotal_cents', big, (c) => c.notNull())
        .addColumn('total_cents', big, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('issued_at', big, (c) => c.notNull())
        .addColumn('paid_at', big)
        .addColumn('voided_at', big)
        .addColumn('payment_provider', 'text')
        .addColumn('payment_reference', 'text')
        .addUniqueConstraint('invoices_tenant_period', ['tenant_id', 'period_start'])
        .execute();

      await db.schema
        .createTable('invoice_lines')
        .addColumn('id', serial, autoId)
        .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('quantity', big, (c) => c.notNull())
        .addColumn('unit_cents', big, (c) => c.notNull())
        .addColumn('amount_cents', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('invoice_lines_invoice').on('invoice_lines').column('invoice_id').execute();

      await db.schema
        .createTable('rate_limit_windows')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('window_start', big, (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_limit_windows_pk', ['key', 'window_start'])
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('pos', serial, autoId)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('tenant_id', 'text')
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text')
        .addColumn('target_id', 'text')
        .addColumn('ip', 'text')
        .addColumn('request_id', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_tenant').on('audit_log').columns(['tenant_id', 'pos']).execute();

      // Message counts per tenant and time range (analytics, quota) without a scan of every row.
      await db.schema
        .createIndex('messages_tenant_created')
        .on('messages')
        .columns(['tenant_id', 'created_at'])
        .execute();
    },
  };
}
