import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import type { EventsService } from './events-service.js';
import { type DomainEvent, type EventType, modeOf } from './types.js';

export interface TriggerParams {
  type: EventType;
  /** The event's `data`, already made for this tenant (and session) by the caller. */
  data: Record<string, unknown>;
  sessionId: string | null;
}

/** Event types about a session: triggering one needs a session of the caller's tenant and mode. */
export const needsSession = (type: EventType): boolean =>
  type.startsWith('session.') || type.startsWith('message.');

/**
 * Records a test event through the normal pipeline (stored, then delivered to the tenant's
 * webhooks, streams and sinks like any other), for `wagw trigger` and integration tests.
 */
export async function triggerEvent(
  storage: Storage,
  events: EventsService,
  principal: Principal,
  params: TriggerParams,
): Promise<DomainEvent> {
  authorize(principal, 'webhooks:manage');
  if (params.sessionId !== null) {
    const session = await storage.sessions.get(principal.tenant.id, params.sessionId);
    if (!session || modeOf(session) !== principal.mode) throw new AppError('SESSION_NOT_FOUND');
  } else if (needsSession(params.type)) {
    throw new AppError('VALIDATION_FAILED', {
      message: `A ${params.type} event is about a session: give session_id.`,
      param: 'session_id',
    });
  }
  return storage.transaction((tx) =>
    events.record(
      tx,
      {
        tenantId: principal.tenant.id,
        sessionId: params.sessionId,
        type: params.type,
        data: params.data,
        mode: principal.mode,
      },
      Date.now(),
    ),
  );
}
