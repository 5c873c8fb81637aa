import type { MessageContent } from './content/types.js';

/** A Curve25519 key pair as Baileys uses it (32-byte public key, no version byte). */
export type { KeyPair } from '@whiskeysockets/baileys';

/** Minimal logger shape (pino-compatible). */
export interface SimLogger {
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
}

/**
 * How a simulated external contact reacts to a message sent to it:
 * - `auto-deliver`: a delivered receipt;
 * - `auto-read`: delivered, then read;
 * - `reply`: delivered, read, then the decrypted text is echoed back as an inbound message;
 * - `never-deliver`: only the server ack, no receipts ever.
 */
export type ContactBehaviour = 'auto-deliver' | 'auto-read' | 'reply' | 'never-deliver';

/**
 * What a number that is neither a simulated account nor an added contact is:
 * - `not-on-whatsapp`: usync says `contact type=out`, it has no devices and no LID, so a send to it is
 *   acked and nothing else happens;
 * - `by-last-digits`: a contact is created on its first lookup, behaving like wagw's sandbox engine
 *   by the last four digits of the number (`0001` delivered, never read; `0002` never delivered;
 *   `0003` every send acked with error 463; `0004` delivered, read and echoed back; anything else
 *   delivered, then read).
 */
export type UnknownNumbers = 'not-on-whatsapp' | 'by-last-digits';

/** Error codes the simulator can put in a message ack (`<ack class=message error=…>`). */
export type SendErrorCode = number;

export type MessageDirection =
  | 'account-to-account'
  | 'account-to-contact'
  | 'contact-to-account'
  | 'account-to-group'
  | 'contact-to-group';

/** One message the simulator relayed or injected, for test assertions. */
export interface RelayedMessage {
  id: string;
  direction: MessageDirection;
  /** Sender phone number (digits only). */
  from: string;
  /** Recipient phone number (digits only); the group id (`…@g.us`) for a group message. */
  to: string;
  /** The group (`…@g.us`) of a group message. */
  group?: string;
  /** Per member contact of a group message: when it sent its delivered / read receipt (ms). */
  receipts?: Record<string, { deliveredAt?: number; readAt?: number }>;
  /** The sending device (`phone:device`), for messages sent by an account. */
  fromDevice?: string;
  /**
   * Plain text of a text message when known: injected messages, and messages to contacts or to an
   * account's phone that the simulator decrypted. `content` has the same and every other type.
   */
  text?: string;
  /**
   * The decoded content (see `MessageContent`): for injected messages, and for messages an account
   * sent that the recipient's primary device (a contact or the account's simulated phone) decrypted.
   */
  content?: MessageContent;
  /** Server time the stanza arrived (ms since epoch). */
  sentAt: number;
  /** The recipient had blocked the sender: the message was acked and not delivered. */
  blocked?: boolean;
  /** Error code put in the server ack, when the send was failed on purpose. */
  ackError?: number;
  /** When the server ack was sent (ms). */
  ackedAt?: number;
  deliveredAt?: number;
  readAt?: number;
  /**
   * Retry receipts (`type=retry`) the recipient sent for it: a contact's `retryRequests`,
   * `requestRetry`, or a real client that could not decrypt it.
   */
  retryRequests?: number;
  /**
   * Copies the sender sent again after a retry receipt, oldest first, with the text the recipient's
   * primary device decrypted from each (when it got one).
   */
  resends?: Array<{ at: number; text?: string }>;
}
