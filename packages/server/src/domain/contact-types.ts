/** A contact of a session: one person, by phone number and LID (either may be unknown). */
export interface Contact {
  sessionId: string;
  /** E.164; null when only the LID is known. */
  phone: string | null;
  /** 'digits@lid'; null when only the phone number is known. */
  lid: string | null;
  /** Its push name or the name WhatsApp gave it. */
  name: string | null;
  /** This account blocked it. */
  blocked: boolean;
  updatedAt: number;
}

/** What the network (or this account) told about a contact; absent fields stay as they were. */
export interface ContactFacts {
  lid?: string | undefined;
  phone?: string | undefined;
  name?: string | undefined;
  blocked?: boolean | undefined;
}

export const CONTACT_FIELDS = ['phone', 'lid', 'name', 'blocked'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** A contact as it is after a change, with the fields that changed. */
export interface ContactChange {
  contact: Contact;
  changed: ContactField[];
}

/** The contact's id in the API: its phone number, else its LID. */
export const contactId = (c: Pick<Contact, 'phone' | 'lid'>): string => c.phone ?? (c.lid as string);

/** Whether a phone number has WhatsApp, and its LID when WhatsApp gave it. */
export interface NumberCheck {
  /** E.164, as asked. */
  phone: string;
  onWhatsApp: boolean;
  lid: string | null;
}

/** What is known of a contact's identity (at least one of the two). */
export interface ContactIdentity {
  phone: string | null;
  lid: string | null;
}
