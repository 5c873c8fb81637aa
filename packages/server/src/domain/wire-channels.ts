import { CHANNEL_INVITE_URL, type Channel } from './channel-types.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A channel on the wire. */
export const wireChannel = (c: Channel) => ({
  object: 'channel' as const,
  id: c.id,
  session_id: c.sessionId,
  name: c.name,
  description: c.description,
  invite_url: c.inviteCode === null ? null : `${CHANNEL_INVITE_URL}${c.inviteCode}`,
  subscribers: c.subscribers,
  role: c.role,
  verified: c.verified,
  created_at: iso(c.createdAt),
  updated_at: new Date(c.updatedAt).toISOString(),
});
