import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteStatement,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Database, Db, DialectName } from './database.js';
import { DatabaseStartupError, describePostgresError } from './database-startup-error.js';
import { migrations } from './migrations/index.js';

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  databaseSchema?: string | undefined;
  /** Tooling and tests: migrate only up to (and including) this migration instead of the latest. */
  migrateTo?: string | undefined;
}

export interface OpenedDatabase {
  db: Db;
  dialect: DialectName;
  close(): Promise<void>;
}

const INT8_OID = 20;

function postgresTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as never,
  };
}

/** Opens SQLite (default, in the data dir) or Postgres (when a URL is given) and migrates it. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenedDatabase> {
  let db: Db;
  let dialect: DialectName;
  if (options.databaseUrl) {
    dialect = 'postgres';
    const schema = options.databaseSchema;
    await preparePostgres(options.databaseUrl, schema);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      types: postgresTypes(),
      ...(schema ? { options: `-c search_path="${schema}"` } : {}),
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    const file = openSqliteFile(join(options.dataDir, 'wagw.sqlite'));
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(file) }) });
  }
  try {
    await migrate(
      db,
      dialect,
      options.databaseUrl ? (options.databaseSchema ?? 'public') : undefined,
      options.migrateTo,
    );
  } catch (error) {
    await db.destroy().catch(() => undefined);
    if (error instanceof MigrationError && options.databaseUrl) {
      throw describePostgresError(error.cause, options.databaseUrl, `run migration ${error.migration}`);
    }
    throw error;
  }
  return { db, dialect, close: () => db.destroy() };
}

function openSqliteFile(path: string): SQLite.Database {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const file = new SQLite(path);
    file.pragma('journal_mode = WAL');
    // FULL: an accepted (202) message survives power loss, not only a process crash.
    file.pragma('synchronous = FULL');
    file.pragma('foreign_keys = ON');
    file.pragma('busy_timeout = 5000');
    return file;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DatabaseStartupError(
      'DATABASE_FILE_UNAVAILABLE',
      `Cannot open the SQLite database ${path}: ${detail}. Check that the data directory exists and this user may write to it (--data-dir / WAGW_DATA_DIR).`,
      { cause: error },
    );
  }
}

/**
 * Connects once before anything else, so that a wrong URL fails with what is wrong (refused,
 * unknown host or database, authentication) instead of deep inside the migrator; creates the
 * schema when one is configured.
 */
async function preparePostgres(url: string, schema: string | undefined): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw describePostgresError(error, url, 'connect');
  }
  try {
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    throw describePostgresError(error, url, `create the schema "${schema}"`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

class MigrationError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`Database migration ${migration} failed: ${detail}`, { cause });
  }
}

async function migrate(
  db: Db,
  dialect: DialectName,
  schema: string | undefined,
  target: string | undefined,
): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  // An explicit schema: Kysely otherwise finds migration tables of other schemas and trips over them.
  const migrator = new Migrator({ db, provider, ...(schema && { migrationTableSchema: schema }) });
  const { error, results } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(failed ?? '(before the first migration)', error);
  }
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; better-sqlite3 statements are reusable, and preparing is a
 * large share of a simple query's cost. Cache them by SQL text (bounded: queries with variable
 * `IN (…)` lists produce many texts).
 */
function withStatementCache(file: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => file.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (!statement) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        statement = file.prepare(text);
        cache.set(text, statement);
      }
      return statement as unknown as SqliteStatement;
    },
  };
}

/** A cheap round trip, for readiness checks. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
