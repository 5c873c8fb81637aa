import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { Principal } from './authorization.js';
import type { EventsService } from './events-service.js';
import type { MessageBody } from './message-body.js';
import { SEND_JOB, transition } from './message-transitions.js';
import type { Message } from './types.js';
import { wire } from './wire.js';

/** A `send_at` this far in the past is still sent at once (the client's clock may be behind). */
export const SEND_AT_GRACE_MS = 60_000;
/** The furthest ahead a message can be scheduled. */
export const SEND_AT_MAX_AHEAD_MS = 366 * 24 * 3_600_000;
/** How many due messages one promotion round moves to their send queues. */
const PROMOTE_BATCH = 100;

const SESSION_GONE = {
  code: 'SESSION_DELETED',
  message: 'The session was deleted before the scheduled message was due.',
} as const;
const SESSION_LOGGED_OUT = {
  code: 'SESSION_LOGGED_OUT',
  message: 'The session was logged out before the scheduled message was due.',
} as const;

/**
 * When a message is to be sent: null for now (no `send_at`, or one less than a minute past), else
 * the time. Edits and revokes have time windows and cannot wait; a time long past or more than a
 * year ahead is the client's mistake.
 */
export function sendTimeOf(sendAt: string | undefined, type: MessageBody['type'] | 'forward', now: number) {
  if (sendAt === undefined) return null;
  const at = Date.parse(sendAt);
  if (Number.isNaN(at)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'send_at must be an ISO 8601 time.',
      param: 'send_at',
    });
  }
  if (type === 'edit' || type === 'revoke') {
    throw new AppError('VALIDATION_FAILED', {
      message: `A ${type} goes out at once (it has a time window): drop send_at.`,
      param: 'send_at',
    });
  }
  if (at < now - SEND_AT_GRACE_MS) {
    throw new AppError('VALIDATION_FAILED', {
      message: `send_at (${sendAt}) is in the past.`,
      param: 'send_at',
    });
  }
  if (at > now + SEND_AT_MAX_AHEAD_MS) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'send_at is more than a year ahead.',
      param: 'send_at',
    });
  }
  return at <= now ? null : at;
}

/**
 * Scheduled messages: accepted with status `scheduled` and no send job, so they hold up nothing in
 * their session's queue; when due, each is moved to the queue (status `queued` and its job, in one
 * transaction whose update is conditional, so of several servers only one moves it). Cancelling
 * works until the message is handed to the engine.
 */
export class ScheduledMessages {
  constructor(
    private readonly storage: Storage,
    private readonly events: EventsService,
    private readonly onQueued: (sessionId: string) => void,
  ) {}

  /** When the next scheduled message is due (undefined: none is waiting). */
  nextDueAt(): Promise<number | undefined> {
    return this.storage.messages.nextScheduledAt();
  }

  /**
   * Moves the messages due by `now` to their sessions' send queues; answers how many were due (a
   * full batch means more may be). A message whose session was deleted or logged out fails.
   */
  async runDue(now: number): Promise<number> {
    const due = await this.storage.messages.listDueScheduled(now, PROMOTE_BATCH);
    const queued = new Set<string>();
    for (const message of due) {
      await this.storage.transaction(async (tx) => {
        const session = await tx.sessions.getById(message.sessionId);
        const failure = !session
          ? SESSION_GONE
          : session.status === 'logged_out'
            ? SESSION_LOGGED_OUT
            : undefined;
        if (failure) {
          await transition(
            tx,
            this.events,
            message,
            { status: 'failed', failedAt: now, error: failure },
            'message.failed',
            now,
          );
          return;
        }
        if (!(await tx.messages.updateStatus(message.id, { status: 'queued' }, now, 'scheduled'))) return;
        await tx.jobs.enqueue(
          {
            kind: SEND_JOB,
            tenantId: message.tenantId,
            sessionId: message.sessionId,
            refId: message.id,
            runAt: now,
          },
          now,
        );
        queued.add(message.sessionId);
      });
    }
    for (const sessionId of queued) this.onQueued(sessionId);
    return due.length;
  }

  /**
   * Cancels a message that is scheduled, or queued and not yet handed to the engine: it becomes
   * `cancelled` (with a `message.cancelled` event) and is never sent. Otherwise 409
   * MESSAGE_NOT_CANCELLABLE: it is (or may be) out.
   */
  async cancel(principal: Principal, message: Message): Promise<Message> {
    const at = Date.now();
    const cancelled = await this.storage.transaction(async (tx) => {
      const current = await tx.messages.getById(message.id);
      if (!current) return undefined;
      if (current.status === 'queued' && !(await tx.jobs.deleteUnhanded(SEND_JOB, current.id)))
        return undefined;
      if (current.status !== 'scheduled' && current.status !== 'queued') return undefined;
      if (!(await tx.messages.markCancelled(current.id, current.status, at))) return undefined;
      const next: Message = { ...current, status: 'cancelled', cancelledAt: at };
      await this.events.record(
        tx,
        {
          tenantId: principal.tenant.id,
          sessionId: current.sessionId,
          type: 'message.cancelled',
          data: wire.message(next),
        },
        at,
      );
      return next;
    });
    if (cancelled) return cancelled;
    const now = await this.storage.messages.getById(message.id);
    throw new AppError('MESSAGE_NOT_CANCELLABLE', {
      message: `Only a scheduled or queued message can be cancelled; this one is ${now?.status ?? message.status}.`,
    });
  }
}
