import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { type DomainEvent, type EventType, type Mode, modeOf, type Page } from './types.js';

const MODE_CACHE_MAX = 50_000;

export interface NewEvent {
  tenantId: string;
  /** Null for an event of the tenant rather than of a session (sequence 0, mode given). */
  sessionId: string | null;
  type: EventType;
  data: Record<string, unknown>;
  /** The mode of a tenant event (a session event has its session's). */
  mode?: Mode;
}

/** Matches an endpoint's filter: exact types, `*`, or a family such as `message.*`. */
export function eventMatches(filters: readonly string[], type: string): boolean {
  return filters.some(
    (f) => f === '*' || f === type || (f.endsWith('.*') && type.startsWith(f.slice(0, -1))),
  );
}

export class EventsService {
  /** Session id → mode. A session's mode never changes, so this never goes stale. */
  readonly #modes = new Map<string, Mode>();

  constructor(
    private readonly storage: Storage,
    /** Deliveries were committed for these endpoints. */
    private readonly onDeliveriesQueued: (endpointIds: readonly string[]) => void,
  ) {}

  /**
   * Records an event and queues a webhook delivery per matching endpoint, inside the caller's
   * transaction: the change, its event and its deliveries commit together or not at all.
   */
  async record(tx: Storage, e: NewEvent, at: number): Promise<DomainEvent> {
    await tx.lockEventStream(e.tenantId);
    const mode = e.sessionId === null ? (e.mode ?? 'live') : await this.#modeOf(tx, e.tenantId, e.sessionId);
    const event: DomainEvent = {
      id: newId('evt'),
      tenantId: e.tenantId,
      mode,
      sessionId: e.sessionId,
      sequence: e.sessionId === null ? 0 : await tx.sessions.nextSequence(e.sessionId),
      type: e.type,
      data: e.data,
      createdAt: at,
    };
    await tx.events.insert(event);
    // A run of events of one tenant in one transaction (the runtime stores receipts in runs) reads
    // the endpoints once; a transaction that records events does not change endpoints.
    const endpoints = await tx.memo(`enabled-endpoints:${e.tenantId}`, () =>
      tx.webhooks.listEnabledEndpoints(e.tenantId),
    );
    const queued: string[] = [];
    for (const endpoint of endpoints) {
      if (modeOf(endpoint) !== mode || !eventMatches(endpoint.events, e.type)) continue;
      await tx.webhooks.insertDelivery({
        id: newId('whd'),
        tenantId: e.tenantId,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        status: 'pending',
        attemptCount: 0,
        nextAttemptAt: at,
        createdAt: at,
      });
      queued.push(endpoint.id);
    }
    if (queued.length > 0) tx.afterCommit(() => this.onDeliveriesQueued(queued));
    return event;
  }

  async #modeOf(tx: Storage, tenantId: string, sessionId: string): Promise<Mode> {
    const known = this.#modes.get(sessionId);
    if (known) return known;
    const mode = (await tx.sessions.modeOf(tenantId, sessionId)) ?? 'live';
    if (this.#modes.size >= MODE_CACHE_MAX) this.#modes.clear();
    this.#modes.set(sessionId, mode);
    return mode;
  }

  /** Events of one mode (live unless `mode` says test). */
  async list(
    tenantId: string,
    params: { after?: string; limit: number; sessionId?: string; type?: string; mode?: Mode },
  ): Promise<Page<DomainEvent>> {
    let afterPos: number | undefined;
    if (params.after) {
      afterPos = await this.storage.events.position(tenantId, params.after);
      if (afterPos === undefined) throw new AppError('EVENT_NOT_FOUND', { param: 'after' });
    }
    const rows = await this.storage.events.list({
      tenantId,
      limit: params.limit + 1,
      ...(afterPos !== undefined && { afterPos }),
      ...(params.sessionId && { sessionId: params.sessionId }),
      ...(params.type && { type: params.type }),
      mode: params.mode ?? 'live',
    });
    return { data: rows.slice(0, params.limit), hasMore: rows.length > params.limit };
  }
}
