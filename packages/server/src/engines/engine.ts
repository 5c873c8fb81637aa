import type { Readable } from 'node:stream';
import type { ChannelInfo } from '../domain/channel-types.js';
import type { ChatPresence } from '../domain/chat-presence.js';
import type { ContactIdentity, NumberCheck } from '../domain/contact-types.js';
import type {
  GroupInfo,
  GroupSetting,
  GroupSettingsChange,
  ParticipantResult,
  ParticipantsAction,
} from '../domain/group-types.js';
import type { MediaRef, MessageBody, MessageType } from '../domain/message-body.js';
import type { ContactPresence, ContactProfile, OwnPresence, OwnProfile } from '../domain/profile-types.js';

export type {
  ChatPresence,
  ContactIdentity,
  GroupInfo,
  GroupSetting,
  GroupSettingsChange,
  NumberCheck,
  ParticipantResult,
  ParticipantsAction,
};

/**
 * The WhatsApp engine interface. An engine drives one account's connection and reports what happens
 * as normalized events; it never writes to the database itself beyond its own key/value state.
 * Like kysely's `Dialect`, it is small and declares what it can do instead of throwing
 * "not implemented".
 */

export interface EngineCapabilities {
  /** Pairs by showing a QR code. */
  readonly qr: boolean;
  /** Pairs by a code typed into the phone. */
  readonly pairingCode: boolean;
  /** The QR can be "scanned" through the API (simulated accounts only). */
  readonly simulatedScan: boolean;
  readonly messageTypes: readonly MessageType[];
}

/** Per-session key/value state, encrypted at rest and fenced by the session lease. */
export interface EngineStateStore {
  /** Throws on storage errors: a read failure must never look like "no credentials". */
  get<T>(type: string, ids: readonly string[]): Promise<Record<string, T | undefined>>;
  list<T>(type: string): Promise<Record<string, T>>;
  /** Applies all changes atomically; `null` deletes. Throws `StateFencedError` once the session is lost. */
  set(data: Record<string, Record<string, unknown | null>>): Promise<void>;
  clear(): Promise<void>;
}

export interface EngineLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type EngineStatus =
  | 'starting'
  | 'scan_qr'
  | 'connected'
  | 'disconnected'
  | 'logged_out'
  | 'failed'
  | 'stopped';

export type EngineEvent =
  | { type: 'status'; status: EngineStatus; reason?: string; phone?: string }
  | { type: 'qr'; qr: string; expiresAt: number }
  | {
      type: 'message.status';
      waMessageId: string;
      status: 'sent' | 'delivered' | 'read' | 'failed';
      at: number;
      error?: { code: string; message: string };
      /** A group member's receipt (`delivered` or `read`) for a message sent to a group. */
      participant?: ContactIdentity;
    }
  | {
      type: 'message.received';
      waMessageId: string;
      /** The sender's phone number (E.164); null when WhatsApp only gave its LID. */
      from: string | null;
      /** The sender's LID ('digits@lid'), when known. */
      fromLid?: string | null;
      /** What it says; references to other messages carry their WhatsApp ids (messageId null). */
      body: MessageBody;
      at: number;
      /** Sent in this group ('digits@g.us'); absent for a 1:1 chat. */
      groupId?: string;
    }
  /**
   * What the network told about a contact: this LID is this phone number, its name, whether this
   * account blocked it (absent fields: nothing new). At least one of `lid` and `phone` is given.
   */
  | { type: 'contact'; lid?: string; phone?: string; name?: string; blocked?: boolean }
  /** The account's whole blocklist as WhatsApp has it (on connect): everyone else is not blocked. */
  | { type: 'blocklist'; blocked: ContactIdentity[] }
  /**
   * A group this account is in, as WhatsApp describes it now: on connect (every group), and when
   * the account joins one (`joined`, with who added it when known).
   */
  | { type: 'group'; group: GroupInfo; joined?: { by: ContactIdentity | null } }
  /** A group's settings changed (the new values); `by` who changed them, when known. */
  | {
      type: 'group.settings';
      groupId: string;
      change: GroupSettingsChange & { picture?: true };
      by: ContactIdentity | null;
      at: number;
    }
  /**
   * WhatsApp's reach-out timelock on this account started (until `until`, when WhatsApp said) or
   * lifted: while it lasts, messages to numbers the account has no chat with are refused (463).
   */
  | { type: 'reach_out_lock'; active: boolean; until: number | null }
  /**
   * A contact's presence in a chat (online, offline, typing…), after `subscribePresence` or while
   * a chat is open. `chat` is the contact's E.164 (or LID when the phone is unknown) or a group id.
   */
  | {
      type: 'presence';
      chat: string;
      contact: ContactIdentity;
      presence: ContactPresence;
      lastSeen: number | null;
    }
  /** Participants of a group were added, removed (or left), promoted or demoted. */
  | {
      type: 'group.participants';
      groupId: string;
      action: ParticipantsAction;
      participants: ContactIdentity[];
      by: ContactIdentity | null;
      at: number;
    };

export interface EngineContext {
  readonly sessionId: string;
  readonly state: EngineStateStore;
  readonly logger: EngineLogger;
  readonly options: { readonly autoPair: boolean };
  /**
   * Reports an event. The runtime always takes it (nothing is dropped: it is stored, retried while
   * storage fails) and answers like a Node stream's `write()`: `false` means its inbox is full, and
   * an engine that reads from a network stops reading until `drained()` resolves (the Baileys engine
   * pauses its WebSocket, so WhatsApp holds further messages until then). The runtime also holds
   * back `send()` calls meanwhile, which bounds the events that sends cause.
   */
  emit(event: EngineEvent): boolean;
  /** Resolves once the runtime's inbox has room again (at once when it has). */
  drained(): Promise<void>;
  /**
   * A message this session sent, by its WhatsApp id, with its recipient (engines re-encrypt it when
   * that recipient asks for a retry). Undefined when unknown or not sent by this session.
   */
  lookupMessage(
    waMessageId: string,
  ): Promise<{ to: string; toLid: string | null; body: MessageBody } | undefined>;
  /**
   * Outbound media: the bytes of a file of this session's tenant (the `media.id` of a body).
   * Throws `EngineError` MEDIA_NOT_FOUND (not retryable) when the file was deleted meanwhile.
   */
  readMedia(mediaId: string): Promise<{ contentType: string; fileName: string | null; body: Readable }>;
  /**
   * Inbound media: stores a file that arrived (typed from its bytes, size-checked, counted in usage)
   * and answers the ref to put in the inbound body. Throws when the file is refused (too large, a
   * kind WhatsApp does not take): the engine then reports the message without the file (`id: null`).
   */
  saveMedia(file: { body: Readable | Uint8Array; fileName?: string | null }): Promise<MediaRef>;
}

export interface OutboundMessage {
  /** Chosen by the gateway before the first attempt, so a retry can be recognised as a duplicate. */
  readonly waMessageId: string;
  readonly to: string;
  readonly body: MessageBody;
  /**
   * An earlier attempt may have reached the network: the process stopped after handing the message
   * over and before recording the result. It is sent again with the same WhatsApp id, which
   * WhatsApp and the recipient's devices treat as the same message (as with retry receipts).
   */
  readonly resend?: boolean;
}

/**
 * Thrown by `EngineStateStore` writes when this node no longer owns the session (another node took
 * its lease): the engine must stop at once instead of retrying.
 */
export class StateFencedError extends Error {
  override name = 'StateFencedError';
}

/** What became of one message of a `sendMany`. */
export type SendResult =
  | { readonly outcome: 'sent' }
  | { readonly outcome: 'refused'; readonly error: EngineError }
  | { readonly outcome: 'not_attempted' };

/** Thrown by `send`: `retryable` errors are tried again later, others fail the message. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface EngineSession {
  start(): Promise<void>;
  /** Closes the connection and keeps credentials. */
  stop(): Promise<void>;
  /** Unlinks the device and forgets credentials. */
  logout(): Promise<void>;
  /** Resolves once the message is handed to the network; statuses follow as events. */
  send(message: OutboundMessage): Promise<void>;
  /**
   * Optional, for engines that can take many messages at once (the sandbox): hands them to the
   * network in order, as `send` would one after the other, with one result per message. After a
   * retryable refusal the rest are `not_attempted`. Throwing means none was taken.
   */
  sendMany?(messages: readonly OutboundMessage[]): Promise<SendResult[]>;
  /**
   * Optional: shows "typing…" or "recording audio…" to `to` (E.164), or clears it. Throws
   * `EngineError` SESSION_NOT_CONNECTED when not connected.
   */
  sendPresence?(to: string, state: ChatPresence): Promise<void>;
  /**
   * Optional: read receipts (blue ticks) for messages `from` (E.164 or a LID) sent to this account.
   * Throws `EngineError` SESSION_NOT_CONNECTED when not connected.
   */
  markRead?(from: string, waMessageIds: readonly string[]): Promise<void>;
  /**
   * Optional: asks WhatsApp which of `phones` (E.164) have an account, one answer per number in
   * order. Throws `EngineError` SESSION_NOT_CONNECTED when not connected.
   */
  checkNumbers?(phones: readonly string[]): Promise<NumberCheck[]>;
  /**
   * Optional: blocks or unblocks a contact (by what is known of it: E.164, LID) for this account;
   * WhatsApp then drops its messages. Throws `EngineError` SESSION_NOT_CONNECTED when not connected.
   */
  setBlocked?(contact: ContactIdentity, blocked: boolean): Promise<void>;
  /** Optional: the groups this account is in, as WhatsApp has them now. */
  listGroups?(): Promise<GroupInfo[]>;
  /** Optional: one group (GROUP_NOT_FOUND when the account is not in it). */
  getGroup?(groupId: string): Promise<GroupInfo>;
  /** Optional: creates a group with `participants` (E.164); this account is its superadmin. */
  createGroup?(subject: string, participants: readonly string[]): Promise<GroupInfo>;
  /** Optional: changes a group's subject, description or settings (`GROUP_NOT_ADMIN` when refused). */
  updateGroup?(groupId: string, change: GroupSettingsChange): Promise<void>;
  /** Optional: sets (or with null removes) the group's picture: a JPEG or PNG. */
  setGroupPicture?(groupId: string, picture: Uint8Array | null): Promise<void>;
  /** Optional: adds, removes, promotes or demotes `phones` (E.164), one result per number in order. */
  updateParticipants?(
    groupId: string,
    action: ParticipantsAction,
    phones: readonly string[],
  ): Promise<ParticipantResult[]>;
  /** Optional: the group's invite code, or a new one (`revoke`: the old one stops working). */
  groupInviteCode?(groupId: string, revoke: boolean): Promise<string>;
  /** Optional: joins a group by an invite code; answers its id (`GROUP_INVITE_INVALID` when refused). */
  joinGroup?(code: string): Promise<string>;
  /** Optional: leaves a group. */
  leaveGroup?(groupId: string): Promise<void>;
  /** Optional: shows this account online or offline to its contacts. */
  setOwnPresence?(presence: OwnPresence): Promise<void>;
  /** Optional: asks for a contact's presence; it then comes as `presence` events. */
  subscribePresence?(contact: ContactIdentity): Promise<void>;
  /** Optional: this account's name, about and picture. */
  ownProfile?(): Promise<OwnProfile>;
  /** Optional: changes this account's push name and/or about. */
  updateOwnProfile?(change: { name?: string; about?: string }): Promise<void>;
  /** Optional: sets (a JPEG or PNG) or with null removes this account's picture. */
  setOwnPicture?(picture: Uint8Array | null): Promise<void>;
  /** Optional: a contact's about and picture (NOT_ON_WHATSAPP for a number without WhatsApp). */
  contactProfile?(contact: ContactIdentity): Promise<ContactProfile>;
  /** Optional: a channel by id or by the code of its link (CHANNEL_NOT_FOUND when there is none). */
  channelInfo?(ref: { id: string } | { invite: string }): Promise<ChannelInfo>;
  /** Optional: creates a channel this account owns. */
  createChannel?(name: string, description: string | null): Promise<ChannelInfo>;
  /** Optional: follows a channel. */
  followChannel?(id: string): Promise<void>;
  /** Optional: stops following a channel. */
  unfollowChannel?(id: string): Promise<void>;
  /** Only when `capabilities.simulatedScan`. */
  simulateScan?(options: { phone?: string }): Promise<void>;
  /**
   * Only when `capabilities.pairingCode`: asks WhatsApp for a code to type into the phone
   * (Linked devices → Link with phone number) to link `phone` (E.164). The session must be waiting
   * to pair (`scan_qr`).
   */
  requestPairingCode?(phone: string): Promise<string>;
}

export interface Engine {
  readonly name: string;
  readonly capabilities: EngineCapabilities;
  createSession(context: EngineContext): EngineSession;
}
