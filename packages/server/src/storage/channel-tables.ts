import type { Flag, Millis } from './column-types.js';

/** A channel a session follows or owns, as WhatsApp last described it (migration 0024). */
export interface ChannelsTable {
  session_id: string;
  id: string;
  name: string;
  description: string | null;
  invite_code: string | null;
  subscribers: number | null;
  role: 'owner' | 'follower' | 'guest';
  verified: Flag;
  created_at: Millis | null;
  updated_at: Millis;
}
