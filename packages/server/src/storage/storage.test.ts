import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../crypto/secret-box.js';
import { createEngineStateStore, LeaseLostError } from '../runtime/engine-state-store.js';
import { testDatabase, testDialects } from '../testing/dialects.js';
import { seededStorage } from '../testing/seed-storage.js';
import { type OpenedDatabase, openDatabase } from './open-database.js';
import { Storage } from './storage.js';

describe.each(testDialects())('storage on %s', (dialect) => {
  let opened: OpenedDatabase;
  let storage: Storage;
  let cleanup: () => Promise<void>;
  const now = Date.now();

  beforeEach(async () => {
    const db = testDatabase(dialect);
    cleanup = db.cleanup;
    ({ opened, storage } = await seededStorage(db));
  });

  afterEach(async () => {
    await opened.close();
    await cleanup();
  });

  it('migrations are idempotent: opening an existing database again works', async () => {
    const again = new Storage(opened.db, opened.dialect);
    expect((await again.sessions.getById('ses_1'))?.name).toBe('s');
  });

  it('leases: one owner at a time, same owner reclaims at once, expiry hands over, epochs fence', async () => {
    const a = await storage.leases.acquire('ses_1', 'node-a', now, 1000);
    expect(a?.epoch).toBe(1);
    expect(await storage.leases.acquire('ses_1', 'node-b', now + 10, 1000)).toBeUndefined();
    const a2 = await storage.leases.acquire('ses_1', 'node-a', now + 20, 1000);
    expect(a2?.epoch).toBe(2);
    expect(await storage.leases.renew(a!, now + 30, 1000)).toBe(false); // stale epoch
    expect(await storage.leases.renew(a2!, now + 30, 1000)).toBe(true);
    const b = await storage.leases.acquire('ses_1', 'node-b', now + 5000, 1000);
    expect(b?.epoch).toBe(3);
    expect(await storage.leases.holds(a2!)).toBe(false);
    expect(await storage.leases.holds(b!)).toBe(true);
  });

  it('engine state is encrypted at rest, atomic per set(), and fenced by the lease', async () => {
    const box = new SecretBox([randomBytes(32)]);
    let lease = (await storage.leases.acquire('ses_1', 'node-a', Date.now(), 60_000))!;
    const store = createEngineStateStore(storage, box, 'ses_1', () => lease);
    await store.set({ creds: { main: { phone: '+15550001111' } }, keys: { a: 1, b: 2 } });
    expect(await store.get('creds', ['main', 'other'])).toEqual({
      main: { phone: '+15550001111' },
      other: undefined,
    });
    expect(await store.list('keys')).toEqual({ a: 1, b: 2 });
    const raw = await storage.engineState.get('ses_1', 'creds', ['main']);
    expect(raw.get('main')).not.toContain('15550001111');
    await store.set({ keys: { a: null } });
    expect(await store.list('keys')).toEqual({ b: 2 });

    // Another node takes the session over: the old holder can no longer write.
    const stale = lease;
    await storage.leases.release(stale);
    await storage.leases.acquire('ses_1', 'node-b', Date.now(), 60_000);
    lease = stale;
    await expect(store.set({ keys: { c: 3 } })).rejects.toBeInstanceOf(LeaseLostError);
    expect(await store.list('keys')).toEqual({ b: 2 });
  });

  it('engine state reads throw on storage errors instead of returning nothing', async () => {
    const box = new SecretBox([randomBytes(32)]);
    const lease = (await storage.leases.acquire('ses_1', 'node-a', Date.now(), 60_000))!;
    const store = createEngineStateStore(storage, box, 'ses_1', () => lease);
    await store.set({ creds: { main: { phone: '+1' } } });
    await opened.close();
    await expect(store.get('creds', ['main'])).rejects.toThrow();
    await expect(store.list('creds')).rejects.toThrow();
  });

  it('jobs are FIFO per session and survive reschedule', async () => {
    for (const ref of ['m1', 'm2', 'm3']) {
      await storage.jobs.enqueue(
        { kind: 'message.send', tenantId: 'ten_1', sessionId: 'ses_1', refId: ref, runAt: now },
        now,
      );
    }
    const first = await storage.jobs.nextForSession('message.send', 'ses_1');
    expect(first?.refId).toBe('m1');
    await storage.jobs.reschedule(first!.id, now + 10_000, 'boom');
    expect((await storage.jobs.nextForSession('message.send', 'ses_1'))?.refId).toBe('m1');
    await storage.jobs.delete(first!.id);
    expect((await storage.jobs.nextForSession('message.send', 'ses_1'))?.refId).toBe('m2');
    expect(await storage.jobs.countForSession('message.send', 'ses_1')).toBe(2);
  });

  it('a failed transaction leaves nothing behind', async () => {
    await expect(
      storage.transaction(async (tx) => {
        await tx.jobs.enqueue(
          { kind: 'k', tenantId: 'ten_1', sessionId: 'ses_1', refId: 'x', runAt: now },
          now,
        );
        throw new Error('crash in the middle');
      }),
    ).rejects.toThrow('crash');
    expect(await storage.jobs.countForSession('k', 'ses_1')).toBe(0);
  });

  it('per-session sequences increase by one, also under concurrent transactions', async () => {
    const seqs = await Promise.all(
      Array.from({ length: 20 }, () => storage.transaction((tx) => tx.sessions.nextSequence('ses_1'))),
    );
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('idempotency keys: first insert wins, later ones see the record', async () => {
    expect(await storage.idempotency.tryInsert('ten_1', 'k1', 'fp', now + 1000, now)).toBe(true);
    expect(await storage.idempotency.tryInsert('ten_1', 'k1', 'fp', now + 1000, now)).toBe(false);
    expect(await storage.idempotency.takeOver('ten_1', 'k1', now, now + 2000)).toBe(false);
    expect(await storage.idempotency.takeOver('ten_1', 'k1', now + 5000, now + 7000)).toBe(true);
    await storage.idempotency.complete('ten_1', 'k1', 202, '{"ok":true}');
    expect(await storage.idempotency.get('ten_1', 'k1')).toMatchObject({
      state: 'done',
      response_status: 202,
    });
  });
});

describe.each(testDialects())('group commit on %s', (dialect) => {
  it('commits writes of one tick together, and one bad write does not fail its neighbours', async () => {
    const db = testDatabase(dialect);
    const opened = await openDatabase({ dataDir: db.dataDir, ...db.config });
    const storage = new Storage(opened.db, opened.dialect);
    try {
      const now = Date.now();
      await storage.tenants.insert({
        id: 'ten_g',
        name: 'g',
        isAdmin: false,
        createdAt: now,
        status: 'active',
        suspendedAt: null,
        suspendedReason: null,
      });
      const write = (id: string) => (tx: Storage) =>
        tx.tenants.insert({
          id,
          name: id,
          isAdmin: false,
          createdAt: now,
          status: 'active',
          suspendedAt: null,
          suspendedReason: null,
        });
      const results = await Promise.allSettled([
        storage.groupCommit(write('ten_a')),
        storage.groupCommit(write('ten_g')), // duplicate primary key
        storage.groupCommit(write('ten_b')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await storage.tenants.list(10)).map((t) => t.id).sort()).toEqual(['ten_a', 'ten_b', 'ten_g']);
    } finally {
      await opened.close();
      await db.cleanup();
    }
  });
});
