import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { tail } from './tail.js';
import { type DomainEvent, type EventType, type Mode, modeOf, type Page } from './types.js';

const MODE_CACHE_MAX = 50_000;
const STREAM_BATCH = 100;

export interface EventStreamParams {
  mode: Mode;
  /** Exact types, `*` or families (`message.*`), as in webhook endpoints; empty: every type. */
  types?: readonly string[];
  sessionId?: string;
  /** Resume after this event id (exclusive); absent: from now on. */
  after?: string;
  pollIntervalMs: number;
  signal: AbortSignal;
}

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

/** Runs inside an event's transaction, after the event row is written (the sinks' outbox). */
export type EventRecordedListener = (tx: Storage, event: DomainEvent) => Promise<void>;
/**
 * Checks an event's data against its type's schema in the event catalog; throws an `AppError`
 * (EVENT_SCHEMA_VIOLATION) on a mismatch.
 */
export type EventDataCheck = (type: EventType, data: Record<string, unknown>) => void;

export class EventsService {
  /** Session id → mode. A session's mode never changes, so this never goes stale. */
  readonly #modes = new Map<string, Mode>();
  readonly #recorded: EventRecordedListener[] = [];
  /** Tenant id → wake-ups of this process's live streams of that tenant. */
  readonly #listeners = new Map<string, Set<() => void>>();

  constructor(
    private readonly storage: Storage,
    /** Deliveries were committed for these endpoints. */
    private readonly onDeliveriesQueued: (endpointIds: readonly string[]) => void,
    /** When set (tests, development), every event is checked before it is recorded. */
    private readonly checkData?: EventDataCheck,
  ) {}

  /**
   * Records an event and queues a webhook delivery per matching endpoint, inside the caller's
   * transaction: the change, its event and its deliveries commit together or not at all.
   */
  async record(tx: Storage, e: NewEvent, at: number): Promise<DomainEvent> {
    this.checkData?.(e.type, e.data);
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
    for (const listener of this.#recorded) await listener(tx, event);
    if (this.#listeners.has(e.tenantId)) tx.afterCommit(() => this.#wake(e.tenantId));
    return event;
  }

  /** `listener` runs in every event's transaction: what it writes commits with the event. */
  onRecorded(listener: EventRecordedListener): void {
    this.#recorded.push(listener);
  }

  async #modeOf(tx: Storage, tenantId: string, sessionId: string): Promise<Mode> {
    const known = this.#modes.get(sessionId);
    if (known) return known;
    const mode = (await tx.sessions.modeOf(tenantId, sessionId)) ?? 'live';
    if (this.#modes.size >= MODE_CACHE_MAX) this.#modes.clear();
    this.#modes.set(sessionId, mode);
    return mode;
  }

  /** Live streams open in this process (all tenants). */
  get openStreams(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }

  #wake(tenantId: string): void {
    for (const wake of this.#listeners.get(tenantId) ?? []) wake();
  }

  #subscribe(tenantId: string, wake: () => void): () => void {
    let set = this.#listeners.get(tenantId);
    if (!set) {
      set = new Set();
      this.#listeners.set(tenantId, set);
    }
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0) this.#listeners.delete(tenantId);
    };
  }

  /**
   * Resolves where a stream starts: after `after` (EVENT_NOT_FOUND when unknown), or after the
   * tenant's latest event. Separate from `stream()` so a bad cursor is refused before streaming.
   */
  async streamStart(tenantId: string, after?: string): Promise<number> {
    if (!after) return this.storage.events.lastPosition(tenantId);
    const pos = await this.storage.events.position(tenantId, after);
    if (pos === undefined) throw new AppError('EVENT_NOT_FOUND', { param: 'after' });
    return pos;
  }

  /**
   * The tenant's events of one mode as they commit, in commit order, from position `from`
   * (`streamStart()`): woken at once by this process's commits, polled every `pollIntervalMs` for
   * other servers' on the same database. Ends when `signal` aborts.
   */
  stream(tenantId: string, from: number, params: EventStreamParams): AsyncGenerator<DomainEvent, void> {
    const types = params.types?.length ? params.types : undefined;
    return tail({
      after: from,
      pollIntervalMs: params.pollIntervalMs,
      signal: params.signal,
      subscribe: (wake) => this.#subscribe(tenantId, wake),
      read: async (after) => {
        const rows = await this.storage.events.listPositioned({
          tenantId,
          afterPos: after,
          limit: STREAM_BATCH,
          mode: params.mode,
          ...(params.sessionId && { sessionId: params.sessionId }),
        });
        return {
          items: rows.map((r) => r.event).filter((e) => !types || eventMatches(types, e.type)),
          last: rows.at(-1)?.pos ?? after,
          full: rows.length === STREAM_BATCH,
        };
      },
    });
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
