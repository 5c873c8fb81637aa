import type { EngineSession } from '../engines/engine.js';
import type { ChatPresence } from './chat-presence.js';
import type { ContactIdentity, NumberCheck } from './contact-types.js';

/** The engine session's group operations. */
export type GroupMethod =
  | 'listGroups'
  | 'getGroup'
  | 'createGroup'
  | 'updateGroup'
  | 'setGroupPicture'
  | 'updateParticipants'
  | 'groupInviteCode'
  | 'joinGroup'
  | 'leaveGroup';

/**
 * What the domain asks of the runtime that runs sessions. Implemented by the session manager;
 * kept as an interface so services do not depend on engines or timers.
 */
export interface SessionControl {
  /** Makes sure the session runs somewhere (here, if this node can take its lease). */
  ensureRunning(sessionId: string): Promise<void>;
  /** Stops the local runtime, if any, keeping credentials. */
  stop(sessionId: string): Promise<void>;
  /** Logs the session out: credentials are cleared. */
  logout(sessionId: string): Promise<void>;
  /** Simulates a QR scan on a sandbox session running here. */
  simulateScan(sessionId: string, phone?: string): Promise<void>;
  /** Asks a session running here, waiting to pair, for a pairing code for `phone` (E.164). */
  requestPairingCode(sessionId: string, phone: string): Promise<string>;
  /** Typing or recording shown in a chat by a session connected here; SESSION_NOT_CONNECTED otherwise. */
  sendPresence(sessionId: string, to: string, state: ChatPresence): Promise<void>;
  /**
   * Read receipts for messages of a chat, sent when the session is connected here (best effort:
   * false when they could not be sent; the chat's read marker moves anyway).
   */
  sendReadReceipts(sessionId: string, from: string, waMessageIds: readonly string[]): Promise<boolean>;
  /** Which numbers have WhatsApp, asked through a session connected here; SESSION_NOT_CONNECTED otherwise. */
  checkNumbers(sessionId: string, phones: readonly string[]): Promise<NumberCheck[]>;
  /** Blocks or unblocks a contact through a session connected here; SESSION_NOT_CONNECTED otherwise. */
  setBlocked(sessionId: string, contact: ContactIdentity, blocked: boolean): Promise<void>;
  /**
   * Runs a group operation on the engine of a session connected here: SESSION_NOT_CONNECTED when it
   * is not, CAPABILITY_NOT_SUPPORTED when its engine has no such operation, GROUP_* when WhatsApp
   * refuses.
   */
  groupCall<T>(
    sessionId: string,
    method: GroupMethod,
    call: (session: EngineSession) => Promise<T> | undefined,
  ): Promise<T>;
  /**
   * Runs an optional operation (`method`) on the engine of a session connected here, as
   * `groupCall` does: SESSION_NOT_CONNECTED, CAPABILITY_NOT_SUPPORTED (`what` it cannot do), or the
   * engine's NOT_ON_WHATSAPP.
   */
  engineCall<T>(
    sessionId: string,
    method: keyof EngineSession,
    what: string,
    call: (session: EngineSession) => Promise<T> | undefined,
  ): Promise<T>;
  engineCapabilities(engine: string): { simulatedScan: boolean; pairingCode: boolean } | undefined;
  /** Wakes the session's sender after a message was queued. */
  notifyQueued(sessionId: string): void;
}
