import type { Storage } from '../storage/storage.js';
import type { Broadcast, BroadcastStatus } from './broadcast-types.js';
import type { EventsService } from './events-service.js';

export interface StatusChange {
  /** Why, when not a request: the error code that paused it. */
  reason?: string | null;
  nextAt?: number;
  startedAt?: number;
  finishedAt?: number;
}

/**
 * Moves a broadcast from one of `from` to `to` and records its `broadcast.status` event, with the
 * progress at that moment, in one transaction; a cancel skips the recipients not yet queued in the
 * same transaction. False (and no event) when the broadcast was in none of `from`.
 */
export async function moveBroadcast(
  storage: Storage,
  events: EventsService,
  broadcast: Broadcast,
  from: readonly BroadcastStatus[],
  to: BroadcastStatus,
  at: number,
  change: StatusChange = {},
): Promise<boolean> {
  return storage.transaction(async (tx) => {
    const current = await tx.broadcasts.getById(broadcast.id);
    if (!current || !(await tx.broadcasts.setStatus(broadcast.id, from, to, at, change))) return false;
    if (to === 'cancelled') await tx.broadcasts.skipPending(broadcast.id);
    await events.record(
      tx,
      {
        tenantId: broadcast.tenantId,
        sessionId: broadcast.sessionId,
        type: 'broadcast.status',
        data: {
          broadcast_id: broadcast.id,
          session_id: broadcast.sessionId,
          status: to,
          previous_status: current.status,
          reason: change.reason ?? null,
          progress: await tx.broadcasts.progress(broadcast.id, broadcast.total),
        },
      },
      at,
    );
    return true;
  });
}
