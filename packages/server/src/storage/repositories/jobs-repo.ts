import type { Db } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

export interface Job {
  id: number;
  kind: string;
  tenantId: string;
  sessionId: string | null;
  refId: string;
  runAt: number;
  attempts: number;
  /** When the job's message was last handed to the engine (the send may have happened). */
  handedAt: number | null;
}

const COLUMNS = [
  'id',
  'kind',
  'tenant_id',
  'session_id',
  'ref_id',
  'run_at',
  'attempts',
  'handed_at',
] as const;

const toJob = (row: {
  id: number;
  kind: string;
  tenant_id: string;
  session_id: string | null;
  ref_id: string;
  run_at: number;
  attempts: number;
  handed_at: number | null;
}): Job => ({
  id: Number(row.id),
  kind: row.kind,
  tenantId: row.tenant_id,
  sessionId: row.session_id,
  refId: row.ref_id,
  runAt: row.run_at,
  attempts: row.attempts,
  handedAt: row.handed_at,
});

const insertJob = new PreparedQuery(
  (db, kind: string, tenantId: string, sessionId: string | null, refId: string, runAt: number, at: number) =>
    db.insertInto('jobs').values({
      kind,
      tenant_id: tenantId,
      session_id: sessionId,
      ref_id: refId,
      run_at: runAt,
      attempts: 0,
      last_error: null,
      created_at: at,
    }),
);

export class JobsRepo {
  constructor(private readonly db: Db) {}

  async enqueue(job: Omit<Job, 'id' | 'attempts' | 'handedAt'>, at: number): Promise<void> {
    await insertJob.execute(this.db, job.kind, job.tenantId, job.sessionId, job.refId, job.runAt, at);
  }

  /**
   * The oldest job of a session (FIFO per session). The caller owns the session's lease, so no
   * other worker competes for these rows; a later job waits while an earlier one is not yet due.
   */
  async nextForSession(kind: string, sessionId: string): Promise<Job | undefined> {
    const row = await this.db
      .selectFrom('jobs')
      .select(COLUMNS)
      .where('kind', '=', kind)
      .where('session_id', '=', sessionId)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row && toJob(row);
  }

  /** A session's jobs of one kind, oldest first (at most `limit`). */
  async listForSession(kind: string, sessionId: string, limit?: number): Promise<Job[]> {
    let q = this.db
      .selectFrom('jobs')
      .select(COLUMNS)
      .where('kind', '=', kind)
      .where('session_id', '=', sessionId)
      .orderBy('id');
    if (limit !== undefined) q = q.limit(limit);
    return (await q.execute()).map(toJob);
  }

  /** Jobs left behind by deleted sessions (e.g. a message accepted while its session was deleted). */
  async listOfDeletedSessions(kind: string, limit: number): Promise<Job[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .innerJoin('sessions', 'sessions.id', 'jobs.session_id')
      .select(COLUMNS.map((c) => `jobs.${c}` as const))
      .where('jobs.kind', '=', kind)
      .where('sessions.deleted_at', 'is not', null)
      .orderBy('jobs.id')
      .limit(limit)
      .execute();
    return rows.map(toJob);
  }

  /**
   * The write-ahead mark before a send: from now on the message may be out. Answers the ids marked:
   * a job that is gone (its message was cancelled) is not, and must not be sent.
   */
  async markHanded(id: number | readonly number[], at: number): Promise<Set<number>> {
    const ids = typeof id === 'number' ? [id] : id;
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .updateTable('jobs')
      .set({ handed_at: at })
      .where('id', 'in', ids)
      .returning('id')
      .execute();
    return new Set(rows.map((r) => Number(r.id)));
  }

  /**
   * Removes the job of a message not yet handed to the engine (a cancel); false when there is none
   * or it was handed over (the message may be out). Racing the sender's mark, one of the two wins.
   */
  async deleteUnhanded(kind: string, refId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('jobs')
      .where('kind', '=', kind)
      .where('ref_id', '=', refId)
      .where('handed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Takes the mark back from jobs whose messages were not handed over after all. */
  async clearHanded(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('jobs').set({ handed_at: null }).where('id', 'in', ids).execute();
  }

  /** Tries again later; the engine said the message did not go out, so the mark is cleared. */
  async reschedule(id: number, runAt: number, error: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set((eb) => ({
        run_at: runAt,
        last_error: error,
        handed_at: null,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', id)
      .execute();
  }

  async delete(id: number | readonly number[]): Promise<void> {
    const ids = typeof id === 'number' ? [id] : id;
    if (ids.length === 0) return;
    await this.db.deleteFrom('jobs').where('id', 'in', ids).execute();
  }

  async deleteForSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('jobs').where('session_id', '=', sessionId).execute();
  }

  /** Whether a job of `kind` for `refId` waits that was not handed to an engine yet. */
  async hasUnhanded(kind: string, refId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', kind)
      .where('ref_id', '=', refId)
      .where('handed_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }

  async countForSession(kind: string, sessionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', kind)
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
