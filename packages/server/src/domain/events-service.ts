import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { DomainEvent, EventType, Page } from './types.js';

export interface NewEvent {
  tenantId: string;
  sessionId: string;
  type: EventType;
  data: Record<string, unknown>;
}

/** Matches an endpoint's filter: exact types, `*`, or a family such as `message.*`. */
export function eventMatches(filters: readonly string[], type: string): boolean {
  return filters.some(
    (f) => f === '*' || f === type || (f.endsWith('.*') && type.startsWith(f.slice(0, -1))),
  );
}

export class EventsService {
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
    const event: DomainEvent = {
      id: newId('evt'),
      tenantId: e.tenantId,
      sessionId: e.sessionId,
      sequence: await tx.sessions.nextSequence(e.sessionId),
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
      if (!eventMatches(endpoint.events, e.type)) continue;
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

  async list(
    tenantId: string,
    params: { after?: string; limit: number; sessionId?: string; type?: string },
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
    });
    return { data: rows.slice(0, params.limit), hasMore: rows.length > params.limit };
  }
}
