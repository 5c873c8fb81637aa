import type { ContactIdentity } from './contact-types.js';
import type { ContactProfile, OwnProfile } from './profile-types.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Profiles on the wire. */
export const wireProfiles = {
  own: (sessionId: string, p: OwnProfile & { phone: string | null }) => ({
    object: 'session_profile' as const,
    session_id: sessionId,
    phone: p.phone,
    name: p.name,
    about: p.about,
    picture_url: p.pictureUrl,
  }),
  contact: (sessionId: string, p: ContactProfile & { contact: ContactIdentity }) => ({
    object: 'contact_profile' as const,
    session_id: sessionId,
    contact: { phone: p.contact.phone, lid: p.contact.lid },
    about: p.about,
    about_set_at: iso(p.aboutSetAt),
    picture_url: p.pictureUrl,
  }),
};
