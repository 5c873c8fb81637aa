import { type Compilable, CompiledQuery, type QueryResult } from 'kysely';
import type { Database, Db } from './database.js';

type Slot = { arg: number } | { value: unknown };

const marker = (i: number) => `\u{E000}wagw-arg-${i}\u{E000}`;

/**
 * A query built and compiled by Kysely once, then run with new values. Building and compiling a
 * query costs more than running a simple statement does (tens of microseconds: a tree of frozen
 * nodes, then a visitor), and the hot statements of the send path and the webhook pipeline run
 * thousands of times a second with only their values changing.
 *
 * `build` receives the arguments as opaque markers and must produce SQL whose text does not depend
 * on their values (no optional clauses, no `in` lists from arguments); each marker must be used
 * as a value (a parameter), never inspected. Values the builder writes itself (`'pending'`) stay
 * constant parameters. Compiled once per dialect; runs on whatever `db` it is given (the root
 * connection or a transaction).
 */
export class PreparedQuery<A extends readonly unknown[], R> {
  readonly #compiled = new Map<unknown, { sql: string; slots: Slot[] }>();

  constructor(private readonly build: (db: Db, ...args: A) => Compilable<R>) {}

  async execute(db: Db, ...args: A): Promise<QueryResult<R>> {
    const key = db.getExecutor().adapter.constructor;
    let compiled = this.#compiled.get(key);
    if (!compiled) {
      const markers = args.map((_, i) => marker(i));
      const query = this.build(db, ...(markers as unknown as A)).compile();
      const slots = query.parameters.map((p): Slot => {
        const i = typeof p === 'string' ? markers.indexOf(p) : -1;
        return i >= 0 ? { arg: i } : { value: p };
      });
      const used = new Set(slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
      if (used.size !== args.length) {
        throw new Error(`PreparedQuery: ${args.length - used.size} argument(s) never reached the SQL`);
      }
      compiled = { sql: query.sql, slots };
      this.#compiled.set(key, compiled);
    }
    const parameters = compiled.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    return db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters));
  }

  async rows(db: Db, ...args: A): Promise<R[]> {
    return (await this.execute(db, ...args)).rows;
  }

  async first(db: Db, ...args: A): Promise<R | undefined> {
    return (await this.execute(db, ...args)).rows[0];
  }

  /** Rows changed by an insert, update or delete. */
  async affected(db: Db, ...args: A): Promise<number> {
    return Number((await this.execute(db, ...args)).numAffectedRows ?? 0n);
  }
}

/** An insert of whole rows of `table`, prepared once (see PreparedQuery); rows give every column. */
export class PreparedInsert<T extends keyof Database & string> {
  readonly #query: PreparedQuery<unknown[], unknown>;

  constructor(
    table: T,
    private readonly columns: readonly (keyof Database[T] & string)[],
  ) {
    this.#query = new PreparedQuery((db, ...values: unknown[]) =>
      db.insertInto(table).values(Object.fromEntries(columns.map((c, i) => [c, values[i]])) as never),
    );
  }

  async execute(db: Db, row: { [K in keyof Database[T]]: unknown }): Promise<void> {
    await this.#query.execute(db, ...this.columns.map((c) => row[c]));
  }
}
