import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../config/config-schema.js';

export type TestDialect = 'sqlite' | 'postgres';

/** Every Postgres schema a test creates starts with this; the global teardown drops them. */
export const TEST_SCHEMA_PREFIX = 'wagwtest_';

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
  const schema = `${TEST_SCHEMA_PREFIX}${randomBytes(6).toString('hex')}`;
  const config: ConfigInput =
    dialect === 'postgres' && url
      ? { dataDir, databaseUrl: url, databaseSchema: schema, validateEvents: true }
      : { dataDir, validateEvents: true };
  return {
    config,
    dataDir,
    // Postgres schemas are dropped once all test files are done (vitest.global-setup.ts): dropping
    // one while another file's migrator introspects the catalog makes that migrator fail.
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
