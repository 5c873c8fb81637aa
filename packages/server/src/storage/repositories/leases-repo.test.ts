import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase, testDialects } from '../../testing/dialects.js';
import { seededStorage } from '../../testing/seed-storage.js';
import { eventually } from '../../testing/test-server.js';
import type { OpenedDatabase } from '../open-database.js';
import type { Storage } from '../storage.js';

describe.each(testDialects())('lease fencing on %s', (dialect) => {
  let opened: OpenedDatabase;
  let storage: Storage;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const db = testDatabase(dialect);
    cleanup = db.cleanup;
    ({ opened, storage } = await seededStorage(db));
  });

  afterEach(async () => {
    await opened.close();
    await cleanup();
  });

  it('fence() is true for the current lease only; a taken-over holder is refused', async () => {
    const now = Date.now();
    const a = (await storage.leases.acquire('ses_1', 'node-a/1', now, 1000))!;
    expect(await storage.transaction((tx) => tx.leases.fence(a))).toBe(true);
    const b = (await storage.leases.acquire('ses_1', 'node-b/1', now + 5000, 1000))!;
    expect(await storage.transaction((tx) => tx.leases.fence(a))).toBe(false);
    expect(await storage.transaction((tx) => tx.leases.fence(b))).toBe(true);
  });

  it('an unexpired lease is taken over at once only with proof its holder is gone', async () => {
    const now = Date.now();
    const holder = { host: 'host-1', pid: 4242 };
    const a = (await storage.leases.acquire('ses_1', 'node-a/1', now, 60_000, { holder }))!;
    // The same node id in another process (a shared data dir): no proof, no lease.
    const seen: unknown[] = [];
    const refused = await storage.leases.acquire('ses_1', 'node-a/2', now + 10, 60_000, {
      holder: { host: 'host-1', pid: 4343 },
      holderIsGone: (h) => {
        seen.push(h);
        return false;
      },
    });
    expect(refused).toBeUndefined();
    expect(seen).toEqual([holder]);
    const taken = await storage.leases.acquire('ses_1', 'node-a/2', now + 20, 60_000, {
      holder: { host: 'host-1', pid: 4343 },
      holderIsGone: (h) => h.pid === 4242,
    });
    expect(taken?.epoch).toBe(a.epoch + 1);
    expect(await storage.transaction((tx) => tx.leases.fence(a))).toBe(false);
  });

  // Only Postgres runs transactions of one database concurrently; SQLite has a single writer, and
  // this process's connection runs one transaction at a time.
  it.skipIf(dialect !== 'postgres')(
    'another owner taking the lease between the check and the write waits for the write to commit',
    async () => {
      const now = Date.now();
      const a = (await storage.leases.acquire('ses_1', 'node-a/1', now, 1000))!;
      const order: string[] = [];
      let takeover: Promise<unknown> | undefined;
      const lockWaits = async () => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where wait_event_type = 'Lock' and datname = current_database()
            and query ilike '%session_leases%'`.execute(opened.db);
        return rows[0]?.n ?? 0;
      };
      await storage.transaction(async (tx) => {
        expect(await tx.leases.fence(a)).toBe(true);
        // Node B (its own connection) finds A's lease expired and takes it, right now.
        takeover = storage.leases
          .acquire('ses_1', 'node-b/1', now + 5000, 60_000)
          .then((lease) => order.push(lease ? 'b took the lease' : 'b refused'));
        // Either B is blocked behind this transaction's fence, or (with a plain read as the check)
        // it has already taken the lease.
        await eventually(async () => (order.length > 0 || (await lockWaits()) > 0 ? true : undefined));
        await tx.engineState.put('ses_1', 'creds', 'main', 'written by a', now);
        // Marked before COMMIT: B, blocked behind the fence, cannot finish before this. (Marking
        // after the commit would race B's continuation.)
        order.push('a committing');
      });
      await takeover;
      expect(order).toEqual(['a committing', 'b took the lease']);
      expect(await storage.transaction((tx) => tx.leases.fence(a))).toBe(false);
    },
  );
});
