import { jidDecode } from '@whiskeysockets/baileys';
import type { PendingPairing } from './handlers/pairing.js';
import type { BinaryNode } from './nodes.js';
import type { Account, AccountStore, Device } from './state/accounts.js';
import type { Contact, ContactStore } from './state/contacts.js';
import type { MessageLog } from './state/message-log.js';
import type { SimLogger } from './types.js';

/** The shared state every handler works on. */
export interface SimContext {
  accounts: AccountStore;
  contacts: ContactStore;
  log: MessageLog;
  logger: SimLogger;
  /** QR refs handed out to connections that are waiting to be paired. */
  pairingRefs: Map<string, PendingPairing>;
  /** Timers the simulator must cancel on close (delayed receipts, replies). */
  schedule(fn: () => void, delayMs: number): void;
}

export type Party =
  | { kind: 'account'; account: Account; device: number | undefined; viaLid: boolean }
  | { kind: 'contact'; contact: Contact; device: number | undefined; viaLid: boolean };

/** Resolves a PN or LID JID (with or without device) to a simulated account or contact. */
export const resolveJid = (ctx: SimContext, jid: string | undefined): Party | undefined => {
  const decoded = jidDecode(jid);
  if (!decoded?.user) return undefined;
  const viaLid = decoded.server === 'lid';
  if (!viaLid && decoded.server !== 's.whatsapp.net') return undefined;
  const account = viaLid ? ctx.accounts.getByLid(decoded.user) : ctx.accounts.get(decoded.user);
  if (account) return { kind: 'account', account, device: decoded.device, viaLid };
  const contact = viaLid ? ctx.contacts.getByLid(decoded.user) : ctx.contacts.get(decoded.user);
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
