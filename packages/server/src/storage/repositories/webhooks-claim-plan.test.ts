import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestDatabase, testDatabase, testDialects } from '../../testing/dialects.js';
import type { Database } from '../database.js';
import { openDatabase } from '../open-database.js';
import { WebhooksRepo } from './webhooks-repo.js';

/**
 * A claim reads due deliveries in (next_attempt_at, id) order. Migration 0004 gave that order an
 * index of its own, so a claim takes the first rows off the index instead of sorting every due
 * delivery of the backlog (which made each claim cost grow with the backlog).
 */
describe.runIf(testDialects().includes('sqlite'))('the webhook claim query plan on sqlite', () => {
  let db: TestDatabase;
  let file: SQLite.Database | undefined;
  afterEach(async () => {
    file?.close();
    file = undefined;
    await db.cleanup();
  });

  /** The database migrated up to `migrateTo`, with a backlog, and the plan of each claim query. */
  const claimPlans = async (migrateTo?: string) => {
    db = testDatabase('sqlite');
    const opened = await openDatabase({ dataDir: db.dataDir, migrateTo });
    const now = Date.now();
    await opened.db
      .insertInto('tenants')
      .values({ id: 'ten_1', name: 't', is_admin: 0, created_at: now })
      .execute();
    const endpoints = ['whk_a', 'whk_b', 'whk_c'];
    await opened.db
      .insertInto('webhook_endpoints')
      .values(
        endpoints.map((id) => ({
          id,
          tenant_id: 'ten_1',
          url: 'https://example.com',
          events: '["*"]',
          description: null,
          secret: 'sealed',
          enabled: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    const statuses = ['pending', 'pending', 'succeeded', 'failed'] as const;
    const rows = Array.from({ length: 600 }, (_, i) => ({
      id: `whd_${String(i).padStart(4, '0')}`,
      tenant_id: 'ten_1',
      endpoint_id: endpoints[i % 3]!,
      event_id: `evt_${i}`,
      event_type: 'session.status',
      status: statuses[i % 4]!,
      attempt_count: 0,
      next_attempt_at: statuses[i % 4] === 'pending' ? now - 1000 + (i % 50) : null,
      locked_by: null,
      locked_until: null,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 100) {
      await opened.db
        .insertInto('webhook_deliveries')
        .values(rows.slice(i, i + 100))
        .execute();
    }
    await opened.close();

    // The claim's own SQL, as WebhooksRepo builds it (logged by a Kysely on the same file).
    file = new SQLite(join(db.dataDir, 'wagw.sqlite'));
    const queries: CompiledQuery[] = [];
    const logged = new Kysely<Database>({
      dialect: new SqliteDialect({ database: file }),
      log: (event) => {
        if (event.level === 'query') queries.push(event.query);
      },
    });
    const repo = new WebhooksRepo(logged);
    const claim = (inFlight: Map<string, number>) =>
      repo.claimDue({
        owner: 'node-a',
        now,
        lockedUntil: now + 10_000,
        limit: 8,
        perEndpoint: 2,
        inFlight,
        skipLocked: false,
      });
    expect(await claim(new Map())).toHaveLength(6); // two per endpoint
    expect(await claim(new Map([['whk_a', 2]]))).toHaveLength(4); // a is full; the rest are claimed
    const selects = queries.filter((q) => q.sql.startsWith('select'));
    expect(selects).toHaveLength(2);
    return selects.map((q) =>
      (
        file!.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as Array<{
          detail: string;
        }>
      ).map((r) => r.detail),
    );
  };

  it('reads due deliveries in claim order from webhook_deliveries_claim_order, with no sort', async () => {
    for (const plan of await claimPlans()) {
      expect(plan.some((d) => d.includes('USING INDEX webhook_deliveries_claim_order'))).toBe(true);
      expect(plan.filter((d) => d.includes('TEMP B-TREE'))).toEqual([]);
    }
  });

  it('before migration 0004 the same query sorted the backlog (the plan check tells them apart)', async () => {
    for (const plan of await claimPlans('0003-runtime-durability')) {
      expect(plan.some((d) => d.includes('TEMP B-TREE FOR') && d.includes('ORDER BY'))).toBe(true);
    }
  });
});
