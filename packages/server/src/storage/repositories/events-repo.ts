import type { Selectable } from 'kysely';
import { EVENT_DATA_VERSION, upcastEventData } from '../../domain/event-data-versions.js';
import { type DomainEvent, type EventType, type Mode, modeOf } from '../../domain/types.js';
import { CorruptRowError } from '../corrupt-row-error.js';
import type { Db, EventsTable } from '../database.js';
import { PreparedQuery } from '../prepared-query.js';

const toEvent = (r: Omit<Selectable<EventsTable>, 'pos'>): DomainEvent => {
  let data: Record<string, unknown>;
  try {
    data = upcastEventData(
      r.type as EventType,
      r.data_version === null ? null : Number(r.data_version),
      JSON.parse(r.data) as Record<string, unknown>,
    );
  } catch (error) {
    throw new CorruptRowError('events', r.id, error);
  }
  return {
    id: r.id,
    tenantId: r.tenant_id,
    mode: r.mode,
    sessionId: r.session_id,
    sequence: Number(r.sequence),
    type: r.type as EventType,
    data,
    createdAt: r.created_at,
  };
};

export interface EventFilter {
  tenantId: string;
  afterPos?: number;
  sessionId?: string;
  type?: string;
  mode?: Mode;
  limit: number;
}

const insertEvent = new PreparedQuery(
  (
    db,
    id: string,
    tenantId: string,
    sessionId: string | null,
    sequence: number,
    type: string,
    data: string,
    createdAt: number,
    mode: Mode,
  ) =>
    db.insertInto('events').values({
      id,
      tenant_id: tenantId,
      mode,
      session_id: sessionId,
      sequence,
      type,
      data,
      data_version: EVENT_DATA_VERSION,
      created_at: createdAt,
    }),
);
const eventById = new PreparedQuery((db, id: string) =>
  db.selectFrom('events').selectAll().where('id', '=', id),
);

export class EventsRepo {
  constructor(private readonly db: Db) {}

  async insert(e: DomainEvent): Promise<void> {
    await insertEvent.execute(
      this.db,
      e.id,
      e.tenantId,
      e.sessionId,
      e.sequence,
      e.type,
      JSON.stringify(e.data),
      e.createdAt,
      modeOf(e),
    );
  }

  async position(tenantId: string, id: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('events')
      .select('pos')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? Number(row.pos) : undefined;
  }

  async get(tenantId: string, id: string): Promise<DomainEvent | undefined> {
    const row = await this.db
      .selectFrom('events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toEvent(row);
  }

  async getById(id: string): Promise<DomainEvent | undefined> {
    const row = await eventById.first(this.db, id);
    return row && toEvent(row);
  }

  /** The events of `ids` that exist, in no particular order. */
  async getMany(ids: readonly string[]): Promise<DomainEvent[]> {
    if (ids.length === 0) return [];
    return (await this.db.selectFrom('events').selectAll().where('id', 'in', ids).execute()).map(toEvent);
  }

  /** The position of the tenant's latest event (0 when it has none): where a live stream starts. */
  async lastPosition(tenantId: string): Promise<number> {
    const row = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('pos').as('pos'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row?.pos == null ? 0 : Number(row.pos);
  }

  /** Like `list`, with each event's position, for a stream that resumes by position. */
  async listPositioned(f: EventFilter): Promise<{ pos: number; event: DomainEvent }[]> {
    let q = this.db
      .selectFrom('events')
      .selectAll()
      .where('tenant_id', '=', f.tenantId)
      .orderBy('pos')
      .limit(f.limit);
    if (f.afterPos !== undefined) q = q.where('pos', '>', f.afterPos);
    if (f.sessionId) q = q.where('session_id', '=', f.sessionId);
    if (f.mode) q = q.where('mode', '=', f.mode);
    return (await q.execute()).map((r) => ({ pos: Number(r.pos), event: toEvent(r) }));
  }

  /** Ascending in commit order (`pos`), so a consumer can resume after its own outage. */
  async list(f: EventFilter): Promise<DomainEvent[]> {
    let q = this.db
      .selectFrom('events')
      .selectAll()
      .where('tenant_id', '=', f.tenantId)
      .orderBy('pos')
      .limit(f.limit);
    if (f.afterPos !== undefined) q = q.where('pos', '>', f.afterPos);
    if (f.sessionId) q = q.where('session_id', '=', f.sessionId);
    if (f.type) q = q.where('type', '=', f.type);
    if (f.mode) q = q.where('mode', '=', f.mode);
    return (await q.execute()).map(toEvent);
  }
}
