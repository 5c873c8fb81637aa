import { jidDecode } from '@whiskeysockets/baileys';
import type { SimConnection } from './connection.js';
import type { CodePairing } from './handlers/link-code.js';
import type { PendingPairing } from './handlers/pairing.js';
import type { MediaHost } from './media/media-host.js';
import type { BinaryNode } from './nodes.js';
import { type Account, type AccountStore, type Device, normalizePhone } from './state/accounts.js';
import { type Contact, type ContactStore, contactByLastDigits } from './state/contacts.js';
import type { GroupStore } from './state/groups.js';
import type { MessageLog } from './state/message-log.js';
import type { SimLogger, UnknownNumbers } from './types.js';

/** The shared state every handler works on. */
export interface SimContext {
  accounts: AccountStore;
  contacts: ContactStore;
  groups: GroupStore;
  log: MessageLog;
  logger: SimLogger;
  /** QR refs handed out to connections that are waiting to be paired. */
  pairingRefs: Map<string, PendingPairing>;
  /** Phone-number pairing requests waiting for the phone to enter the code, by phone number. */
  codePairings: Map<string, CodePairing>;
  /** `enterPairingCode` calls waiting for a request that is still on its way, by phone number. */
  codeWaiters: Map<string, Array<() => void>>;
  /** What a number that is neither an account nor a contact is. */
  unknownNumbers: UnknownNumbers;
  /** `receiptDelayMs` of the contacts `by-last-digits` creates. */
  autoContactDelayMs: number;
  /** `http://host:port` of the simulator's own HTTP server (control API, profile pictures). */
  httpUrl: string;
  /** The HTTPS media host `media_conn` hands out; undefined when the simulator runs without one. */
  media: MediaHost | undefined;
  /** Timers the simulator must cancel on close (delayed receipts, replies). */
  schedule(fn: () => void, delayMs: number): void;
}

export type Party =
  | { kind: 'account'; account: Account; device: number | undefined; viaLid: boolean }
  | { kind: 'contact'; contact: Contact; device: number | undefined; viaLid: boolean };

/**
 * The contact for a phone number: an added one, or with `unknownNumbers: 'by-last-digits'` one created
 * now by its last four digits (not for an account's number, nor for something that is no number).
 */
export const lookupContact = (ctx: SimContext, phone: string): Contact | undefined => {
  const existing = ctx.contacts.get(phone);
  if (existing || ctx.unknownNumbers !== 'by-last-digits' || ctx.accounts.get(phone)) return existing;
  let digits: string;
  try {
    digits = normalizePhone(phone);
  } catch {
    return undefined;
  }
  const contact = ctx.contacts.upsert(contactByLastDigits(digits, ctx.autoContactDelayMs));
  ctx.logger.debug(
    { phone: digits, behaviour: contact.behaviour, sendError: contact.sendError },
    'contact created by last digits',
  );
  return contact;
};

/**
 * Resolves a PN or LID JID (with or without device) to a simulated account or contact (creating the
 * contact of an unknown PN when the simulator runs with `unknownNumbers: 'by-last-digits'`).
 */
export const resolveJid = (ctx: SimContext, jid: string | undefined): Party | undefined => {
  const decoded = jidDecode(jid);
  if (!decoded?.user) return undefined;
  const viaLid = decoded.server === 'lid';
  if (!viaLid && decoded.server !== 's.whatsapp.net') return undefined;
  const account = viaLid ? ctx.accounts.getByLid(decoded.user) : ctx.accounts.get(decoded.user);
  if (account) return { kind: 'account', account, device: decoded.device, viaLid };
  const contact = viaLid ? ctx.contacts.getByLid(decoded.user) : lookupContact(ctx, decoded.user);
  if (contact) return { kind: 'contact', contact, device: decoded.device, viaLid };
  return undefined;
};

export const deviceJid = (user: string, server: 's.whatsapp.net' | 'lid', device: number): string =>
  device === 0 ? `${user}@${server}` : `${user}:${device}@${server}`;

/** Sends to a device now if it is online and active, otherwise holds the stanza for its next login. */
export const deliverToDevice = (device: Device, stanza: BinaryNode): void => {
  if (device.conn && !device.conn.closed && device.conn.active) {
    device.conn.send(stanza);
  } else {
    device.queue.push(stanza);
  }
};

/** Confirmed (paired) devices of an account. */
export const liveDevices = (account: Account): Device[] =>
  [...account.devices.values()].filter((d) => d.confirmed);

/** The paired account device a logged-in connection belongs to. */
export const senderOf = (
  ctx: SimContext,
  conn: SimConnection,
): { account: Account; device: number } | undefined => {
  const [phone, id] = (conn.deviceKey ?? '').split(':');
  const account = phone ? ctx.accounts.get(phone) : undefined;
  const device = Number(id);
  return account?.devices.get(device)?.confirmed ? { account, device } : undefined;
};
