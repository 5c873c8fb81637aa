import type { BroadcastRecipient } from './broadcast-types.js';
import type { BroadcastView } from './broadcasts-service.js';
import { iso, isoOrNull } from './wire.js';

/** A broadcast and its progress, for the wire. */
export function wireBroadcast({ broadcast: b, progress }: BroadcastView) {
  return {
    id: b.id,
    object: 'broadcast' as const,
    session_id: b.sessionId,
    name: b.name,
    status: b.status,
    status_reason: b.statusReason,
    message: b.message,
    template_id: b.templateId,
    per_minute: b.perMinute,
    progress,
    created_at: iso(b.createdAt),
    started_at: isoOrNull(b.startedAt),
    finished_at: isoOrNull(b.finishedAt),
  };
}

export function wireRecipient(r: BroadcastRecipient) {
  return {
    position: r.position,
    to: r.to,
    variables: r.variables,
    state: r.state,
    message_id: r.messageId,
    error: r.error,
  };
}
