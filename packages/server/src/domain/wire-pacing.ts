import type { SessionPacing } from './pacing-types.js';

/** A session's pacing on the wire. */
export const wirePacing = (sessionId: string, p: SessionPacing) => ({
  object: 'session_pacing' as const,
  session_id: sessionId,
  per_minute: p.perMinute,
  new_chats_per_hour: p.newChatsPerHour,
  custom: p.custom,
  hold: p.hold && { reason: p.hold.reason, until: new Date(p.hold.until).toISOString() },
});
