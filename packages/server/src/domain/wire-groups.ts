import type { ContactIdentity } from './contact-types.js';
import type { Group } from './group-types.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const identity = (i: ContactIdentity) => ({ phone: i.phone, lid: i.lid });

/** The public shapes of groups and of the `group.*` and `message.receipt` event data. */
export const wireGroups = {
  identity,
  group: (g: Group) => ({
    id: g.id,
    object: 'group' as const,
    session_id: g.sessionId,
    subject: g.subject,
    description: g.description,
    owner: g.owner && identity(g.owner),
    created_at: isoOrNull(g.createdAt),
    announce: g.announce,
    locked: g.locked,
    participants: g.participants.map((p) => ({ phone: p.phone, lid: p.lid, role: p.role })),
    left_at: isoOrNull(g.leftAt),
    updated_at: iso(g.updatedAt),
  }),
};
