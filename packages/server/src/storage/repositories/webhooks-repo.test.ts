import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase, testDialects } from '../../testing/dialects.js';
import { seededStorage } from '../../testing/seed-storage.js';
import type { OpenedDatabase } from '../open-database.js';
import type { Storage } from '../storage.js';

describe.each(testDialects())('webhooks repo on %s', (dialect) => {
  let opened: OpenedDatabase;
  let storage: Storage;
  let cleanup: () => Promise<void>;
  const now = Date.now();

  beforeEach(async () => {
    const db = testDatabase(dialect);
    cleanup = db.cleanup;
    ({ opened, storage } = await seededStorage(db));
    for (const id of ['whk_a', 'whk_b']) {
      await storage.webhooks.insertEndpoint(
        {
          id,
          tenantId: 'ten_1',
          url: 'https://example.com',
          events: ['*'],
          description: null,
          enabled: true,
          createdAt: now,
          updatedAt: now,
        },
        'sealed',
      );
    }
    // a's five deliveries are due before b's three.
    const rows = [
      ...['a', 'a', 'a', 'a', 'a'].map((e, i) => [e, i]),
      ...['b', 'b', 'b'].map((e, i) => [e, 10 + i]),
    ];
    for (const [e, i] of rows as Array<[string, number]>) {
      await storage.webhooks.insertDelivery({
        id: `whd_${e}${i}`,
        tenantId: 'ten_1',
        endpointId: `whk_${e}`,
        eventId: `evt_${i}`,
        eventType: 'session.status',
        status: 'pending',
        attemptCount: 0,
        nextAttemptAt: now + i,
        createdAt: now,
      });
    }
  });
  afterEach(async () => {
    await opened.close();
    await cleanup();
  });

  const claim = (limit: number, inFlight: Map<string, number>, owner = 'node-a') =>
    storage.transaction((tx) =>
      tx.webhooks.claimDue({
        owner,
        now: now + 100,
        lockedUntil: now + 10_000,
        limit,
        perEndpoint: 2,
        inFlight,
        skipLocked: tx.supportsSkipLocked,
      }),
    );

  it('claims at most the per-endpoint cap, counting what the caller holds, and skips full endpoints', async () => {
    const first = await claim(8, new Map());
    // Of the first 8 due rows only 2 of a's fit; b's 3 are due later and 2 of them fit.
    expect(first.map((d) => d.id).sort()).toEqual(['whd_a0', 'whd_a1', 'whd_b10', 'whd_b11']);
    // With a full, its later rows do not crowd b's out of a small limit.
    const second = await claim(1, new Map([['whk_a', 2]]));
    expect(second.map((d) => d.id)).toEqual(['whd_b12']);
    expect(
      await claim(
        8,
        new Map([
          ['whk_a', 2],
          ['whk_b', 2],
        ]),
      ),
    ).toEqual([]);
  });

  it('a released claim is due again at once and counts no attempt', async () => {
    const [d] = await claim(1, new Map());
    expect(await claim(8, new Map([['whk_a', 1]]), 'node-b')).not.toContainEqual(d);
    await storage.webhooks.releaseClaim(d!.id, 'node-a', now + 200);
    const again = await claim(1, new Map(), 'node-b');
    expect(again).toEqual([d]);
    const [listed] = (await storage.webhooks.listDeliveries('ten_1', 'whk_a', 10)).filter(
      (x) => x.id === d!.id,
    );
    expect(listed).toMatchObject({ status: 'pending', attemptCount: 0, attempts: [] });
  });
});
