import type { MessageStatusPatch } from '../storage/repositories/messages-repo.js';
import type { Storage } from '../storage/storage.js';
import type { EventsService } from './events-service.js';
import type { EventType, Message } from './types.js';
import { wire } from './wire.js';

export const SEND_JOB = 'message.send';

/**
 * Moves a message to its next status and records the event, in the caller's transaction. The update
 * only applies while the message is still in the status it was read in, so of two writers racing on
 * one message only the first changes it and emits an event; the other gets `undefined`.
 */
export async function transition(
  tx: Storage,
  events: EventsService,
  message: Message,
  patch: MessageStatusPatch,
  type: EventType,
  at: number,
): Promise<Message | undefined> {
  if (!(await tx.messages.updateStatus(message.id, patch, at, message.status))) return undefined;
  const next: Message = {
    ...message,
    status: patch.status,
    sentAt: patch.sentAt ?? message.sentAt,
    deliveredAt: patch.deliveredAt ?? message.deliveredAt,
    readAt: patch.readAt ?? message.readAt,
    failedAt: patch.failedAt ?? message.failedAt,
    error: patch.error ?? message.error,
    toLid: patch.toLid ?? message.toLid,
    fromLid: patch.fromLid ?? message.fromLid,
  };
  await events.record(
    tx,
    { tenantId: message.tenantId, sessionId: message.sessionId, type, data: wire.message(next) },
    at,
  );
  return next;
}

/**
 * Fails every message still waiting in a session's send queue (a logout or a delete: they must
 * never go out later, possibly from another account paired to the session) and drops their jobs.
 * Each failed message gets its `message.failed` event. Returns how many were failed.
 */
export async function failQueue(
  tx: Storage,
  events: EventsService,
  sessionId: string,
  error: { code: string; message: string },
  at: number,
): Promise<number> {
  let failed = 0;
  const fail = async (message: Message) => {
    const patch = { status: 'failed', failedAt: at, error } as const;
    if (await transition(tx, events, message, patch, 'message.failed', at)) failed++;
  };
  for (const job of await tx.jobs.listForSession(SEND_JOB, sessionId)) {
    const message = await tx.messages.getById(job.refId);
    if (message?.status === 'queued') await fail(message);
    await tx.jobs.delete(job.id);
  }
  // Scheduled ones too: they have no job yet, and must not go out later either.
  for (const message of await tx.messages.listScheduledOfSession(sessionId)) await fail(message);
  return failed;
}
