import type { Contact, ContactChange } from './contact-types.js';
import { contactId } from './contact-types.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The public shapes of contacts, of LID mappings and of `contact.updated` data. */
export const wireContacts = {
  contact: (c: Contact) => ({
    id: contactId(c),
    object: 'contact' as const,
    session_id: c.sessionId,
    phone: c.phone,
    lid: c.lid,
    name: c.name,
    blocked: c.blocked,
    updated_at: iso(c.updatedAt),
  }),
  mapping: (m: { lid: string; phone: string }) => ({
    id: m.lid,
    object: 'lid_mapping' as const,
    lid: m.lid,
    phone: m.phone,
  }),
  updated: (change: ContactChange) => ({
    ...wireContacts.contact(change.contact),
    changed: [...change.changed],
  }),
};
