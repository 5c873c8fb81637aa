import type { Flag, Millis } from './column-types.js';

/** A session's own pace and WhatsApp's hold on its new chats (migration 0023). */
export interface SessionPacingTable {
  session_id: string;
  per_minute: number | null;
  new_chats_per_hour: number | null;
  /** 1: the pace was set for this session; 0: the row only holds the hold (the default pace applies). */
  custom: Flag;
  held_until: Millis | null;
  /** How the hold was learnt: 'notified' (WhatsApp announced it) or 'refused' (a 463). */
  hold_reason: string | null;
  updated_at: Millis;
}

/** A number a session has a chat with (migration 0023). */
export interface KnownChatsTable {
  session_id: string;
  phone: string;
  /** 'session': the session wrote first (a reach-out); 'contact': the number did. */
  opened_by: 'session' | 'contact';
  first_at: Millis;
}
