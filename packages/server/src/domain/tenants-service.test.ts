import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { Gateway } from '../gateway.js';
import { openDatabase } from '../storage/open-database.js';
import { Storage } from '../storage/storage.js';
import { testDatabase, testDialects } from '../testing/dialects.js';

describe.each(testDialects())('admin tenant on %s', (dialect) => {
  const db = testDatabase(dialect);
  const gateways: Gateway[] = [];
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await db.cleanup();
  });

  it('servers starting together on one fresh database create exactly one admin', async () => {
    const logger = pino({ level: 'silent' });
    // The first open creates the schema and the master key; the others open the same database.
    gateways.push(await Gateway.open(parseConfig(db.config), { logger }));
    gateways.push(
      ...(await Promise.all([1, 2, 3].map(() => Gateway.open(parseConfig(db.config), { logger })))),
    );
    const results = await Promise.all(
      gateways.flatMap((g) => [g.tenants.initAdmin(), g.tenants.initAdmin()]),
    );
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    expect(created[0]?.apiKey).toMatch(/^wagw_live_/);
    expect(new Set(results.map((r) => r.tenantId)).size).toBe(1);
    const admin = await gateways[0]!.storage.tenants.findAdmin();
    expect(admin?.id).toBe(created[0]?.tenantId);
    const all = await gateways[0]!.storage.tenants.list(100);
    expect(all.filter((t) => t.isAdmin)).toHaveLength(1);
  });

  it('a database where the race already made two admins keeps the oldest one as admin', async () => {
    const earlier = testDatabase(dialect);
    try {
      const old = await openDatabase({
        ...earlier.config,
        dataDir: earlier.dataDir,
        migrateTo: '0002-contacts',
      });
      await old.db
        .insertInto('tenants')
        .values([
          { id: 'ten_b', name: 'admin', is_admin: 1, created_at: 2000 },
          { id: 'ten_a', name: 'admin', is_admin: 1, created_at: 1000 },
        ])
        .execute();
      await old.close();
      const opened = await openDatabase({ ...earlier.config, dataDir: earlier.dataDir });
      const storage = new Storage(opened.db, opened.dialect);
      expect((await storage.tenants.findAdmin())?.id).toBe('ten_a');
      expect((await storage.tenants.get('ten_b'))?.isAdmin).toBe(false);
      await opened.close();
    } finally {
      await earlier.cleanup();
    }
  });
});
