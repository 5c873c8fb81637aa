import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ConfigInput } from '../config/config-schema.js';

export type TestDialect = 'sqlite' | 'postgres';

/**
 * The dialects a test suite runs on: SQLite always; Postgres when WAGW_TEST_DATABASE_URL is set.
 * Under CI=true a missing Postgres URL is an error, never a silent skip.
 */
export function testDialects(): TestDialect[] {
  const only = process.env.WAGW_TEST_DIALECTS?.split(',').map((s) => s.trim());
  const url = process.env.WAGW_TEST_DATABASE_URL;
  if (process.env.CI === 'true' && !url && !only) {
    throw new Error('CI=true but WAGW_TEST_DATABASE_URL is not set: the Postgres suite must run in CI.');
  }
  const all: TestDialect[] = url ? ['sqlite', 'postgres'] : ['sqlite'];
  return only ? all.filter((d) => only.includes(d)) : all;
}

export interface TestDatabase {
  config: ConfigInput;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A fresh, isolated database: a temp data dir for SQLite, a new schema for Postgres. */
export function testDatabase(dialect: TestDialect): TestDatabase {
  const dataDir = mkdtempSync(join(tmpdir(), 'wagw-test-'));
  const url = process.env.WAGW_TEST_DATABASE_URL;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const config: ConfigInput =
    dialect === 'postgres' && url ? { dataDir, databaseUrl: url, databaseSchema: schema } : { dataDir };
  return {
    config,
    dataDir,
    async cleanup() {
      if (dialect === 'postgres' && url) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await client.end();
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
