import type { SimConnection } from '../connection.js';

export type PresenceType = 'available' | 'unavailable';

/** What a device last showed a chat partner: typing (`composing`), recording, or `paused`. */
export type ChatStateType = 'composing' | 'recording' | 'paused';

/** The live presence of an account or contact. */
export interface PresenceRecord {
  type: PresenceType;
  /** When it last went unavailable (ms since epoch); undefined while never known. */
  lastSeen?: number;
  /** The connection whose `available` it is: when it drops, the account goes unavailable. */
  by?: SimConnection;
  /** Connections subscribed to it (`presenceSubscribe`), with the JID each one subscribed to. */
  subscribers: Map<SimConnection, string>;
  /** The chat state each account last sent to this one, by phone number. */
  chatStates: Map<string, ChatStateType>;
}

/** `Simulator.presenceOf`. */
export interface PresenceInfo {
  presence: PresenceType;
  /** When it last went unavailable (ms since epoch); absent while never known. */
  lastSeen?: number;
  /** The devices (`phone:device`) subscribed to it. */
  subscribers: string[];
  /** The chat state (`composing`, `recording`, `paused`) each account last sent it, by phone. */
  chatStates: Record<string, ChatStateType>;
}

export const PRESENCE_TYPES: readonly PresenceType[] = ['available', 'unavailable'];

export const newPresence = (): PresenceRecord => ({
  type: 'unavailable',
  subscribers: new Map(),
  chatStates: new Map(),
});
