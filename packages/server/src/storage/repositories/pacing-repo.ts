import type { Pace, ReachOutHold } from '../../domain/pacing-types.js';
import type { Db } from '../database.js';

/** A session's own pace (none: the default applies) and its reach-out hold. */
export class PacingRepo {
  constructor(private readonly db: Db) {}

  async get(sessionId: string): Promise<{ pace: Pace | null; hold: ReachOutHold | null }> {
    const row = await this.db
      .selectFrom('session_pacing')
      .selectAll()
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    if (!row) return { pace: null, hold: null };
    return {
      pace: row.custom ? { perMinute: row.per_minute, newChatsPerHour: row.new_chats_per_hour } : null,
      hold:
        row.held_until === null
          ? null
          : {
              reason: 'reach_out_timelock',
              until: Number(row.held_until),
              source: row.hold_reason === 'notified' ? 'notified' : 'refused',
            },
    };
  }

  async setPace(sessionId: string, pace: Pace, at: number): Promise<void> {
    const values = {
      per_minute: pace.perMinute,
      new_chats_per_hour: pace.newChatsPerHour,
      custom: 1 as const,
    };
    await this.db
      .insertInto('session_pacing')
      .values({ session_id: sessionId, ...values, updated_at: at })
      .onConflict((oc) => oc.column('session_id').doUpdateSet({ ...values, updated_at: at }))
      .execute();
  }

  /** Back to the server's default pace (the hold, if any, stays). */
  async resetPace(sessionId: string, at: number): Promise<void> {
    await this.db
      .updateTable('session_pacing')
      .set({ per_minute: null, new_chats_per_hour: null, custom: 0, updated_at: at })
      .where('session_id', '=', sessionId)
      .execute();
  }

  async setHold(sessionId: string, hold: ReachOutHold, at: number): Promise<void> {
    const values = { held_until: hold.until, hold_reason: hold.source, updated_at: at };
    await this.db
      .insertInto('session_pacing')
      .values({ session_id: sessionId, per_minute: null, new_chats_per_hour: null, custom: 0, ...values })
      .onConflict((oc) => oc.column('session_id').doUpdateSet(values))
      .execute();
  }

  /** Lifts the hold; true when there was one. */
  async clearHold(sessionId: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('session_pacing')
      .set({ held_until: null, hold_reason: null, updated_at: at })
      .where('session_id', '=', sessionId)
      .where('held_until', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
