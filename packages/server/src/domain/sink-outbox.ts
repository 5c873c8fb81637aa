import type { Storage } from '../storage/storage.js';
import { eventMatches } from './events-service.js';
import { type DomainEvent, type Mode, modeOf } from './types.js';

/** What the outbox needs to know of a configured sink. */
export interface SinkFilter {
  name: string;
  events: readonly string[];
  modes: readonly Mode[];
}

/**
 * Queues each event for every sink whose filter it matches, in the event's own transaction (a
 * per-sink outbox row, like a webhook delivery), so an event that commits is owed to its sinks
 * and one that rolls back is owed to none. `onQueued` runs after the commit, to wake publishers.
 */
export class SinkOutbox {
  constructor(
    private readonly sinks: readonly SinkFilter[],
    private readonly onQueued: (sinks: readonly string[]) => void,
  ) {}

  readonly queue = async (tx: Storage, event: DomainEvent): Promise<void> => {
    const mode = modeOf(event);
    const names = this.sinks
      .filter((s) => s.modes.includes(mode) && eventMatches(s.events, event.type))
      .map((s) => s.name);
    if (names.length === 0) return;
    await tx.sinkOutbox.insert(names, { eventId: event.id, tenantId: event.tenantId }, event.createdAt);
    tx.afterCommit(() => this.onQueued(names));
  };
}
