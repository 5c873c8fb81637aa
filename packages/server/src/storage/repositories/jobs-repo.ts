import type { Db } from '../database.js';

export interface Job {
  id: number;
  kind: string;
  tenantId: string;
  sessionId: string | null;
  refId: string;
  runAt: number;
  attempts: number;
}

export class JobsRepo {
  constructor(private readonly db: Db) {}

  async enqueue(job: Omit<Job, 'id' | 'attempts'>, at: number): Promise<void> {
    await this.db
      .insertInto('jobs')
      .values({
        kind: job.kind,
        tenant_id: job.tenantId,
        session_id: job.sessionId,
        ref_id: job.refId,
        run_at: job.runAt,
        attempts: 0,
        last_error: null,
        created_at: at,
      })
      .execute();
  }

  /**
   * The oldest job of a session (FIFO per session). The caller owns the session's lease, so no
   * other worker competes for these rows; a later job waits while an earlier one is not yet due.
   */
  async nextForSession(kind: string, sessionId: string): Promise<Job | undefined> {
    const row = await this.db
      .selectFrom('jobs')
      .select(['id', 'kind', 'tenant_id', 'session_id', 'ref_id', 'run_at', 'attempts'])
      .where('kind', '=', kind)
      .where('session_id', '=', sessionId)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return (
      row && {
        id: Number(row.id),
        kind: row.kind,
        tenantId: row.tenant_id,
        sessionId: row.session_id,
        refId: row.ref_id,
        runAt: row.run_at,
        attempts: row.attempts,
      }
    );
  }

  async reschedule(id: number, runAt: number, error: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set((eb) => ({
        run_at: runAt,
        last_error: error,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', id)
      .execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('jobs').where('id', '=', id).execute();
  }

  async deleteForSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('jobs').where('session_id', '=', sessionId).execute();
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
