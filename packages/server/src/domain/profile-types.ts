/** The session's own WhatsApp profile. */
export interface OwnProfile {
  /** The push name contacts see. */
  name: string | null;
  /** The about text ("status"). */
  about: string | null;
  /** A short-lived URL of the picture on WhatsApp's servers; null when there is none. */
  pictureUrl: string | null;
}

/** What a contact shows this account. */
export interface ContactProfile {
  about: string | null;
  /** When the about was set, if WhatsApp said. */
  aboutSetAt: number | null;
  /** A short-lived URL of the picture; null when there is none or it is hidden from this account. */
  pictureUrl: string | null;
}

export const OWN_PRESENCES = ['available', 'unavailable'] as const;
export type OwnPresence = (typeof OWN_PRESENCES)[number];

/** A contact's presence as WhatsApp reports it (online, offline, typing, recording, stopped typing). */
export type ContactPresence = 'available' | 'unavailable' | 'composing' | 'recording' | 'paused';

/** WhatsApp's limits: a push name of 25 characters, an about of 139. */
export const PROFILE_NAME_MAX = 25;
export const PROFILE_ABOUT_MAX = 139;
