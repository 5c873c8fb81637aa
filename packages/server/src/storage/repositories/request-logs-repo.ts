import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { RequestLog, RequestLogFilter } from '../../domain/request-log.js';
import type { Mode } from '../../domain/types.js';
import type { Database, Db, DialectName, RequestLogsTable } from '../database.js';

const toLog = (r: Selectable<RequestLogsTable>): RequestLog => ({
  id: r.id,
  tenantId: r.tenant_id,
  mode: r.mode,
  method: r.method,
  route: r.route,
  path: r.path,
  status: Number(r.status),
  durationMs: Number(r.duration_ms),
  apiKeyId: r.api_key_id,
  requestId: r.request_id,
  errorCode: r.error_code,
  createdAt: Number(r.created_at),
});

export interface RequestLogScope extends RequestLogFilter {
  tenantId: string;
  mode: Mode;
  limit: number;
}

type Query = SelectQueryBuilder<Database, 'request_logs', Selectable<RequestLogsTable>>;

function filtered(q: Query, f: RequestLogScope): Query {
  let out = q.where('tenant_id', '=', f.tenantId).where('mode', '=', f.mode);
  if (f.status) out = out.where('status', '>=', f.status.min).where('status', '<=', f.status.max);
  if (f.method) out = out.where('method', '=', f.method.toUpperCase());
  if (f.path) {
    const prefix = f.path.replace(/\/+$/, '');
    const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`;
    out = out.where((eb) =>
      eb.or([
        eb('route', '=', f.path!),
        eb('path', '=', prefix),
        eb('path', 'like', sql<string>`${like} escape '\\'`),
      ]),
    );
  }
  return out;
}

export class RequestLogsRepo {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {}

  /**
   * Inserts a batch. On Postgres writers take one lock first, so `pos` order is commit order and a
   * stream resuming after a position skips no late-committing row (SQLite has one writer anyway).
   */
  async insertMany(logs: readonly RequestLog[]): Promise<void> {
    if (logs.length === 0) return;
    if (this.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext('wagw-request-logs'))`.execute(this.db);
    }
    await this.db
      .insertInto('request_logs')
      .values(
        logs.map((l) => ({
          id: l.id,
          tenant_id: l.tenantId,
          mode: l.mode,
          method: l.method,
          route: l.route,
          path: l.path,
          status: l.status,
          duration_ms: l.durationMs,
          api_key_id: l.apiKeyId,
          request_id: l.requestId,
          error_code: l.errorCode,
          created_at: l.createdAt,
        })),
      )
      .execute();
  }

  async position(tenantId: string, id: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('request_logs')
      .select('pos')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? Number(row.pos) : undefined;
  }

  async lastPosition(): Promise<number> {
    const row = await this.db
      .selectFrom('request_logs')
      .select((eb) => eb.fn.max('pos').as('pos'))
      .executeTakeFirst();
    return row?.pos == null ? 0 : Number(row.pos);
  }

  /** Newest first, older than `beforePos` when given. */
  async list(f: RequestLogScope & { beforePos?: number | undefined }): Promise<RequestLog[]> {
    let q = filtered(this.db.selectFrom('request_logs').selectAll(), f).orderBy('pos', 'desc').limit(f.limit);
    if (f.beforePos !== undefined) q = q.where('pos', '<', f.beforePos);
    return (await q.execute()).map(toLog);
  }

  /** Oldest first after `afterPos`, with positions, for a stream. */
  async listAfter(f: RequestLogScope & { afterPos: number }): Promise<{ pos: number; log: RequestLog }[]> {
    const q = filtered(this.db.selectFrom('request_logs').selectAll(), f)
      .where('pos', '>', f.afterPos)
      .orderBy('pos')
      .limit(f.limit);
    return (await q.execute()).map((r) => ({ pos: Number(r.pos), log: toLog(r) }));
  }

  /** Deletes rows created before `before`; returns how many. */
  async prune(before: number): Promise<number> {
    const result = await this.db
      .deleteFrom('request_logs')
      .where('created_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
