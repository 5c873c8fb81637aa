import type { Db } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

/** Raw rows of an engine's key/value state (values are sealed by the caller). */
const putState = new PreparedQuery(
  (db, sessionId: string, type: string, id: string, value: string, at: number) =>
    db
      .insertInto('engine_state')
      .values({ session_id: sessionId, type, id, value, updated_at: at })
      .onConflict((oc) => oc.columns(['session_id', 'type', 'id']).doUpdateSet({ value, updated_at: at })),
);

export class EngineStateRepo {
  constructor(private readonly db: Db) {}

  async get(sessionId: string, type: string, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('engine_state')
      .select(['id', 'value'])
      .where('session_id', '=', sessionId)
      .where('type', '=', type)
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.value]));
  }

  async list(sessionId: string, type: string): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('engine_state')
      .select(['id', 'value'])
      .where('session_id', '=', sessionId)
      .where('type', '=', type)
      .execute();
    return new Map(rows.map((r) => [r.id, r.value]));
  }

  async put(sessionId: string, type: string, id: string, value: string, at: number): Promise<void> {
    await putState.execute(this.db, sessionId, type, id, value, at);
  }

  async remove(sessionId: string, type: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('engine_state')
      .where('session_id', '=', sessionId)
      .where('type', '=', type)
      .where('id', '=', id)
      .execute();
  }

  async clear(sessionId: string): Promise<void> {
    await this.db.deleteFrom('engine_state').where('session_id', '=', sessionId).execute();
  }
}
