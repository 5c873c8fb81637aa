/**
 * A stored row whose data cannot be read (its JSON does not parse, or no upcast knows its shape).
 * Retrying cannot fix it: callers fail what depends on the row instead of retrying forever.
 */
export class CorruptRowError extends Error {
  override name = 'CorruptRowError';
  constructor(
    readonly table: string,
    readonly rowId: string,
    cause: unknown,
  ) {
    super(
      `The ${table} row ${rowId} cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** JSON.parse of a stored column, throwing CorruptRowError naming the row. */
export function parseStoredJson<T>(table: string, rowId: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CorruptRowError(table, rowId, error);
  }
}
