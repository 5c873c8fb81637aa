import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/dialects.js';
import { DatabaseStartupError, describePostgresError } from './database-startup-error.js';
import { openDatabase } from './open-database.js';

const dataDir = mkdtempSync(join(tmpdir(), 'wagw-dberr-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function openError(databaseUrl: string): Promise<DatabaseStartupError> {
  const error = await openDatabase({ dataDir, databaseUrl }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseStartupError);
  return error as DatabaseStartupError;
}

describe('Postgres start-up errors say what failed and how to fix it', () => {
  it('connection refused', async () => {
    // Port 1 on loopback: nothing listens there, the connect is refused at once.
    const error = await openError('postgres://wagw:s3cret@127.0.0.1:1/app');
    expect(error.code).toBe('DATABASE_UNREACHABLE');
    expect(error.message).toMatch(/Cannot connect to Postgres at 127\.0\.0\.1:1: connection refused/);
    expect(error.message).toMatch(/--database-url/);
    expect(error.message).not.toContain('s3cret');
  });

  it('unknown host', async () => {
    const error = await openError('postgres://wagw@no-such-host.invalid:5432/app');
    expect(error.code).toBe('DATABASE_HOST_NOT_FOUND');
    expect(error.message).toContain('"no-such-host.invalid"');
  });

  const url = process.env.WAGW_TEST_DATABASE_URL;
  describe.runIf(testDialects().includes('postgres') && url)('against a real server', () => {
    const withPath = (user: string | undefined, database: string) => {
      const u = new URL(url ?? 'postgres://localhost');
      if (user !== undefined) u.username = user;
      u.pathname = `/${database}`;
      return u.toString();
    };

    it('unknown database: names it and says how to create it', async () => {
      const error = await openError(withPath(undefined, 'wagw_no_such_db'));
      expect(error.code).toBe('DATABASE_NOT_FOUND');
      expect(error.message).toMatch(/database "wagw_no_such_db" does not exist/);
      expect(error.message).toMatch(/createdb .* wagw_no_such_db/);
    });

    it('unknown role: an authentication failure naming the user', async () => {
      const error = await openError(withPath('wagw_no_such_role', 'test'));
      expect(error.code).toBe('DATABASE_AUTH_FAILED');
      expect(error.message).toMatch(/refused user "wagw_no_such_role"/);
    });
  });
});

describe('SQLite start-up errors', () => {
  it('a data dir that cannot be created names the file and the flag', async () => {
    const blocker = join(dataDir, 'a-file');
    writeFileSync(blocker, '');
    const error = await openDatabase({ dataDir: join(blocker, 'sub') }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseStartupError);
    expect((error as DatabaseStartupError).code).toBe('DATABASE_FILE_UNAVAILABLE');
    expect((error as Error).message).toMatch(
      /Cannot open the SQLite database .*a-file\/sub\/wagw\.sqlite.*--data-dir/,
    );
  });
});

describe('describePostgresError', () => {
  const url = 'postgres://app:pw@db.example:6543/prod';
  const err = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

  it.each([
    ['28P01', 'DATABASE_AUTH_FAILED'],
    ['42501', 'DATABASE_PERMISSION_DENIED'],
    ['ETIMEDOUT', 'DATABASE_UNREACHABLE'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'DATABASE_TLS_FAILED'],
  ] as const)('%s → %s', (code, expected) => {
    const error = describePostgresError(err(code), url, 'connect');
    expect(error.code).toBe(expected);
    expect(error.message).toContain('db.example:6543');
    expect(error.message).not.toContain(':pw@');
  });

  it('finds the code inside an AggregateError (IPv4 and IPv6 both refused)', () => {
    const aggregate = new AggregateError([err('ECONNREFUSED'), err('ECONNREFUSED')], '');
    expect(describePostgresError(aggregate, url, 'connect').code).toBe('DATABASE_UNREACHABLE');
  });

  it('anything else keeps the stage and the driver message', () => {
    const error = describePostgresError(err('XX000', 'internal error'), url, 'run migration 0002-contacts');
    expect(error.code).toBe('DATABASE_MIGRATION_FAILED');
    expect(error.message).toMatch(/Could not run migration 0002-contacts .*: internal error/);
  });
});
