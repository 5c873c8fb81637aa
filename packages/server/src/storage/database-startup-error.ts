/** Why the database could not be opened at start-up, as a stable code. */
export type DatabaseStartupCode =
  | 'DATABASE_UNREACHABLE'
  | 'DATABASE_HOST_NOT_FOUND'
  | 'DATABASE_NOT_FOUND'
  | 'DATABASE_AUTH_FAILED'
  | 'DATABASE_PERMISSION_DENIED'
  | 'DATABASE_TLS_FAILED'
  | 'DATABASE_MIGRATION_FAILED'
  | 'DATABASE_FILE_UNAVAILABLE';

/**
 * The database could not be opened or migrated. The message says what failed and how to fix it,
 * so `wagw serve` can print it as is; the password of the URL never appears in it.
 */
export class DatabaseStartupError extends Error {
  override name = 'DatabaseStartupError';
  constructor(
    readonly code: DatabaseStartupCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface Target {
  host: string;
  port: string;
  user: string;
  database: string;
  /** The URL with its password replaced, for messages. */
  redacted: string;
}

function targetOf(url: string): Target {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return {
      host: u.hostname || 'localhost',
      port: u.port || '5432',
      user: decodeURIComponent(u.username) || 'the default user',
      database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'the default database',
      redacted: u.toString(),
    };
  } catch {
    return { host: '?', port: '?', user: '?', database: '?', redacted: '(unparsable URL)' };
  }
}

/** The first error code in an error, its AggregateError members or its causes. */
function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) {
      const found = inner.map(codeOf).find((c) => c !== undefined);
      if (found) return found;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  const inner = (error as { errors?: unknown[] } | null)?.errors;
  if (Array.isArray(inner) && inner[0] instanceof Error) return inner[0].message;
  return String(error);
}

/**
 * Translates a Postgres connection or migration failure into a DatabaseStartupError that names the
 * cause (connection refused, unknown host, unknown database, authentication, permissions, TLS) and
 * the fix. `stage` says what was being done, for anything not recognised.
 */
export function describePostgresError(error: unknown, url: string, stage: string): DatabaseStartupError {
  const t = targetOf(url);
  const code = codeOf(error);
  const where = `${t.host}:${t.port}`;
  const detail = messageOf(error);
  const fail = (c: DatabaseStartupCode, message: string) =>
    new DatabaseStartupError(c, `${message} (database URL: ${t.redacted})`, { cause: error });
  switch (code) {
    case 'ECONNREFUSED':
      return fail(
        'DATABASE_UNREACHABLE',
        `Cannot connect to Postgres at ${where}: connection refused. Is Postgres running and listening on that host and port? Check --database-url / WAGW_DATABASE_URL.`,
      );
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return fail(
        'DATABASE_UNREACHABLE',
        `Cannot connect to Postgres at ${where} (${code}). Check that the host is reachable from here (firewall, network) and the port is right.`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail(
        'DATABASE_HOST_NOT_FOUND',
        `Cannot resolve the Postgres host "${t.host}" (${code}). Check the host name in --database-url / WAGW_DATABASE_URL.`,
      );
    case '3D000':
      return fail(
        'DATABASE_NOT_FOUND',
        `The Postgres database "${t.database}" does not exist on ${where}. Create it (e.g. \`createdb -h ${t.host} -p ${t.port} -U ${t.user} ${t.database}\`) or name an existing one in the URL.`,
      );
    case '28P01':
    case '28000':
      return fail(
        'DATABASE_AUTH_FAILED',
        `Postgres at ${where} refused user "${t.user}": ${detail}. Check the user name and password in the URL, and that pg_hba.conf lets this user connect from here.`,
      );
    case '42501':
      return fail(
        'DATABASE_PERMISSION_DENIED',
        `Postgres user "${t.user}" may not ${stage}: ${detail}. Grant it CREATE on the database (or the schema), or use the owner's account.`,
      );
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return fail(
        'DATABASE_TLS_FAILED',
        `The TLS connection to Postgres at ${where} failed (${code}): ${detail}. Check the sslmode/sslrootcert parameters of the URL.`,
      );
  }
  if (/does not support SSL|SSL/.test(detail)) {
    return fail(
      'DATABASE_TLS_FAILED',
      `The TLS connection to Postgres at ${where} failed: ${detail}. Set sslmode in the URL to what the server supports.`,
    );
  }
  return fail('DATABASE_MIGRATION_FAILED', `Could not ${stage} on Postgres at ${where}: ${detail}.`);
}
