import type { ContactIdentity } from './contact-types.js';

export type GroupRole = 'member' | 'admin' | 'superadmin';

export interface GroupParticipant extends ContactIdentity {
  role: GroupRole;
}

/** A WhatsApp group as the network describes it. */
export interface GroupInfo {
  /** 'digits@g.us'. */
  id: string;
  subject: string;
  description: string | null;
  owner: ContactIdentity | null;
  createdAt: number | null;
  /** Only admins send. */
  announce: boolean;
  /** Only admins edit the subject, description and picture. */
  locked: boolean;
  participants: GroupParticipant[];
}

/** A group as a session stores it. */
export interface Group extends GroupInfo {
  sessionId: string;
  /** When the session left or was removed; null while a member. */
  leftAt: number | null;
  updatedAt: number;
}

/** A change of a group's settings (absent: unchanged). */
export interface GroupSettingsChange {
  subject?: string | undefined;
  /** null or '': no description. */
  description?: string | null | undefined;
  announce?: boolean | undefined;
  locked?: boolean | undefined;
}

export type GroupSetting = 'subject' | 'description' | 'announce' | 'locked' | 'picture';

export type ParticipantsAction = 'add' | 'remove' | 'promote' | 'demote';

/** What became of one number of an add/remove/promote/demote. */
export interface ParticipantResult {
  /** E.164, as asked. */
  phone: string;
  /** null: done; otherwise why WhatsApp refused it. */
  error: 'not_authorized' | 'not_on_whatsapp' | 'already_member' | 'not_member' | 'refused' | null;
}

export const GROUP_ID = /^\d{6,32}(-\d{6,14})?@g\.us$/;
