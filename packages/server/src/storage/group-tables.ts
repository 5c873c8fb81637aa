import type { Flag, Millis } from './column-types.js';

/** A group a session is or was in (migration 0022); `participants` is JSON. */
export interface GroupsTable {
  session_id: string;
  id: string;
  subject: string;
  description: string | null;
  owner_phone: string | null;
  owner_lid: string | null;
  created_at: Millis | null;
  announce: Flag;
  locked: Flag;
  participants: string;
  left_at: Millis | null;
  updated_at: Millis;
}
