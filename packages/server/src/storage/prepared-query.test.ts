import { type CompiledQuery, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestDatabase, testDatabase, testDialects } from '../testing/dialects.js';
import type { Db } from './database.js';
import { type OpenedDatabase, openDatabase } from './open-database.js';
import { PreparedInsert, PreparedQuery } from './prepared-query.js';

const open = async (db: TestDatabase) => openDatabase({ dataDir: db.dataDir, ...db.config });

const tenant = (id: string, name: string, createdAt = 1) => ({
  id,
  name,
  is_admin: 0,
  created_at: createdAt,
});

const names = async (db: Db) =>
  (await db.selectFrom('tenants').select(['id', 'name']).orderBy('id').execute()).map((r) => [r.id, r.name]);

describe.each(testDialects())('PreparedQuery on %s', (dialect) => {
  let database: TestDatabase;
  let opened: OpenedDatabase;
  let db: Db;

  beforeEach(async () => {
    database = testDatabase(dialect);
    opened = await open(database);
    db = opened.db;
    await db
      .insertInto('tenants')
      .values([tenant('ten_a', 'a', 10), tenant('ten_b', 'b', 20), tenant('ten_c', 'c', 20)])
      .execute();
  });
  afterEach(async () => {
    await opened.close();
    await database.cleanup();
  });

  it('puts each argument where the builder used it, whatever the order, on every run', async () => {
    // `set` comes before `where` in the SQL: the parameters are (name, createdAt, id), the
    // arguments (id, name, createdAt).
    const rename = new PreparedQuery((d, id: string, name: string, createdAt: number) =>
      d.updateTable('tenants').set({ name, created_at: createdAt }).where('id', '=', id),
    );
    expect(await rename.affected(db, 'ten_b', 'bee', 21)).toBe(1);
    // The second run reuses the compiled statement with new values in the same places.
    expect(await rename.affected(db, 'ten_a', 'ay', 11)).toBe(1);
    expect(await names(db)).toEqual([
      ['ten_a', 'ay'],
      ['ten_b', 'bee'],
      ['ten_c', 'c'],
    ]);
    const row = await db
      .selectFrom('tenants')
      .select('created_at')
      .where('id', '=', 'ten_a')
      .executeTakeFirst();
    expect(row?.created_at).toBe(11);

    // An argument used twice lands in both places.
    const between = new PreparedQuery((d, at: number) =>
      d
        .selectFrom('tenants')
        .select('id')
        .where('created_at', '>=', at)
        .where('created_at', '<=', at)
        .orderBy('id'),
    );
    expect((await between.rows(db, 20)).map((r) => r.id)).toEqual(['ten_c']);
    expect((await between.rows(db, 21)).map((r) => r.id)).toEqual(['ten_b']);
  });

  it('keeps the constants the builder wrote itself, next to the arguments', async () => {
    const calls = vi.spyOn(db, 'executeQuery');
    const byName = new PreparedQuery((d, name: string) =>
      d
        .selectFrom('tenants')
        .select('id')
        .where('is_admin', '=', 0)
        .where('created_at', '=', 20)
        .where('name', '=', name),
    );
    expect(await byName.first(db, 'c')).toEqual({ id: 'ten_c' });
    expect(await byName.first(db, 'a')).toBeUndefined(); // created_at 10: the constant 20 still applies
    expect(await byName.first(db, 'b')).toEqual({ id: 'ten_b' });
    const parameters = calls.mock.calls.map(([query]) => (query as CompiledQuery).parameters);
    expect(parameters).toEqual([
      [0, 20, 'c'],
      [0, 20, 'a'],
      [0, 20, 'b'],
    ]);
  });

  it('runs at the root and inside a transaction (whose rollback takes its writes along)', async () => {
    const insert = new PreparedQuery((d, id: string, name: string) =>
      d.insertInto('tenants').values({ id, name, is_admin: 0, created_at: 1 }),
    );
    await insert.execute(db, 'ten_root', 'root');
    await db.transaction().execute((trx) => insert.execute(trx, 'ten_tx', 'committed'));
    await expect(
      db.transaction().execute(async (trx) => {
        await insert.execute(trx, 'ten_gone', 'rolled back');
        // Seen inside its transaction…
        expect(
          (await trx.selectFrom('tenants').select('id').where('id', '=', 'ten_gone').execute()).length,
        ).toBe(1);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    // …and gone with it.
    expect((await names(db)).map(([id]) => id)).toEqual(['ten_a', 'ten_b', 'ten_c', 'ten_root', 'ten_tx']);
  });

  it('affected() counts the rows an update or delete changed', async () => {
    const touch = new PreparedQuery((d, at: number, createdAt: number) =>
      d
        .updateTable('tenants')
        .set({ name: sql<string>`name || '!'` })
        .set({ created_at: at })
        .where('created_at', '=', createdAt),
    );
    expect(await touch.affected(db, 30, 20)).toBe(2);
    expect(await touch.affected(db, 30, 20)).toBe(0);
    expect(await touch.affected(db, 40, 10)).toBe(1);
    const remove = new PreparedQuery((d, createdAt: number) =>
      d.deleteFrom('tenants').where('created_at', '=', createdAt),
    );
    expect(await remove.affected(db, 30)).toBe(2);
    expect(await remove.affected(db, 99)).toBe(0);
    expect(await names(db)).toEqual([['ten_a', 'a!']]);
  });

  it('refuses a builder that ignores or transforms an argument instead of running without it', async () => {
    const ignores = new PreparedQuery((d, id: string, _name: string) =>
      d.updateTable('tenants').set({ name: 'x' }).where('id', '=', id),
    );
    await expect(ignores.affected(db, 'ten_a', 'ignored')).rejects.toThrow(
      /1 argument\(s\) never reached the SQL/,
    );
    // A marker looked into (turned into a pattern here) is not a parameter either.
    const transforms = new PreparedQuery((d, prefix: string) =>
      d.selectFrom('tenants').select('id').where('name', 'like', `${prefix}%`),
    );
    await expect(transforms.rows(db, 'a')).rejects.toThrow(/never reached the SQL/);
    // Nothing ran.
    expect(await names(db)).toEqual([
      ['ten_a', 'a'],
      ['ten_b', 'b'],
      ['ten_c', 'c'],
    ]);
  });

  it('PreparedInsert writes every column from the row, nulls included, whatever the key order', async () => {
    const insert = new PreparedInsert('webhook_endpoints', [
      'id',
      'tenant_id',
      'url',
      'events',
      'description',
      'secret',
      'enabled',
      'created_at',
      'updated_at',
      'mode',
      'retry_schedule',
      'disable_after_ms',
      'previous_secret',
      'previous_secret_expires_at',
      'failing_since',
      'disabled_reason',
      'disabled_at',
    ]);
    const unset = {
      retry_schedule: null,
      disable_after_ms: null,
      previous_secret: null,
      previous_secret_expires_at: null,
      failing_since: null,
      disabled_reason: null,
      disabled_at: null,
    };
    await insert.execute(db, {
      ...unset,
      mode: 'live',
      updated_at: 2,
      created_at: 1,
      enabled: 1,
      secret: 'sealed-1',
      description: 'first',
      events: '["*"]',
      url: 'https://one.example',
      tenant_id: 'ten_a',
      id: 'whk_1',
    });
    await insert.execute(db, {
      ...unset,
      id: 'whk_2',
      tenant_id: 'ten_b',
      url: 'https://two.example',
      events: '[]',
      description: null,
      secret: 'sealed-2',
      enabled: 0,
      created_at: 3,
      updated_at: 4,
      mode: 'test',
    });
    const rows = await db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute();
    expect(rows).toEqual([
      {
        id: 'whk_1',
        tenant_id: 'ten_a',
        url: 'https://one.example',
        events: '["*"]',
        description: 'first',
        secret: 'sealed-1',
        enabled: 1,
        created_at: 1,
        updated_at: 2,
        mode: 'live',
        ...unset,
      },
      {
        id: 'whk_2',
        tenant_id: 'ten_b',
        url: 'https://two.example',
        events: '[]',
        description: null,
        secret: 'sealed-2',
        enabled: 0,
        created_at: 3,
        updated_at: 4,
        mode: 'test',
        ...unset,
      },
    ]);
  });
});

describe.runIf(testDialects().includes('postgres'))('one PreparedQuery on both dialects', () => {
  it('compiles its SQL once per dialect and runs on each with that dialect’s SQL', async () => {
    const databases = [testDatabase('sqlite'), testDatabase('postgres')];
    const [sqlite, postgres] = await Promise.all(databases.map(open));
    try {
      const seen: string[] = [];
      for (const o of [sqlite!, postgres!]) {
        const execute = o.db.executeQuery.bind(o.db);
        vi.spyOn(o.db, 'executeQuery').mockImplementation((query) => {
          seen.push(`${o.dialect}: ${(query as CompiledQuery).sql}`);
          return execute(query);
        });
        await o.db
          .insertInto('tenants')
          .values([tenant('ten_a', 'a'), tenant('ten_b', 'b')])
          .execute();
      }
      seen.length = 0;
      const named = new PreparedQuery((d, id: string) =>
        d.selectFrom('tenants').select('name').where('id', '=', id),
      );
      // Interleaved: each run must pick its own dialect's compilation, not the first one made.
      expect(await named.first(sqlite!.db, 'ten_a')).toEqual({ name: 'a' });
      expect(await named.first(postgres!.db, 'ten_b')).toEqual({ name: 'b' });
      expect(await named.first(sqlite!.db, 'ten_b')).toEqual({ name: 'b' });
      expect(seen).toEqual([
        'sqlite: select "name" from "tenants" where "id" = ?',
        'postgres: select "name" from "tenants" where "id" = $1',
        'sqlite: select "name" from "tenants" where "id" = ?',
      ]);
      // A transaction of either dialect is still that dialect.
      expect(await postgres!.db.transaction().execute((trx) => named.first(trx, 'ten_a'))).toEqual({
        name: 'a',
      });
      expect(await sqlite!.db.transaction().execute((trx) => named.first(trx, 'ten_a'))).toEqual({
        name: 'a',
      });
    } finally {
      await Promise.all([sqlite?.close(), postgres?.close()]);
      await Promise.all(databases.map((d) => d.cleanup()));
    }
  });
});
