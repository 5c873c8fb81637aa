import { Curve } from '@whiskeysockets/baileys';
import type { SimConnection } from '../connection.js';
import type { HistoryOptions } from '../history/generate.js';
import type { PhoneSignal } from '../history/phone-signal.js';
import type { HistorySyncProgress } from '../history/send-history.js';
import type { BinaryNode } from '../nodes.js';
import { newPresence, type PresenceRecord } from '../presence/presence-record.js';
import type { AppState, DeviceKeyShare } from '../profiles/app-state.js';
import type { Profile } from '../profiles/profile.js';
import type { KeyPair } from '../types.js';
import { ContactSignal } from './contact-signal.js';
import { randomLid } from './ids.js';

export interface SignedPreKey {
  id: number;
  value: Buffer;
  signature: Buffer;
}

export interface PreKey {
  id: number;
  value: Buffer;
}

/** One linked (companion) device: a real Baileys client. */
export interface Device {
  id: number;
  keyIndex: number;
  /** The client's noise static key: a login must present the same one. */
  noiseKey: Buffer;
  identityKey: Buffer;
  registrationId: number;
  signedPreKey: SignedPreKey;
  preKeys: PreKey[];
  platform: string;
  /** False until the client answered `pair-success`. */
  confirmed: boolean;
  pairedAt: number;
  conn: SimConnection | undefined;
  /** Stanzas held while the device is offline or not yet `active`. */
  queue: BinaryNode[];
  /** Set at pairing when the account has a history: the phone sends it once the device is online. */
  historyDue?: boolean;
  /** The history sync sent to this device, and the ids of its notifications not yet receipted. */
  history?: HistorySyncProgress;
  historyIds?: Set<string>;
  /** The phone's app-state key share to this device (sent once the account has a push name). */
  appStateKey?: DeviceKeyShare;
}

/** A simulated WhatsApp account: a phone number, a LID and its linked devices. */
export interface Account {
  phone: string;
  lid: string;
  /** The simulated phone's account identity key, which signs device identities (ADV). */
  identity: KeyPair;
  /** Signal identity of the simulated phone (device 0); it receives copies but never answers. */
  primary: ContactSignal;
  devices: Map<number, Device>;
  nextDeviceId: number;
  /** `failNextSends`: the next `remaining` sends get this ack error. */
  failNext: { code: number; remaining: number } | undefined;
  /** `setReachOutLock`: new 1:1 chats are refused with 463 until then (ms since epoch). */
  reachOutLock?: { until: number };
  /** Phone numbers (digits) the account blocked: their messages never reach it. */
  blocklist: Set<string>;
  /** What the phone holds and sends to every device linked from now on (history sync). */
  history?: HistoryOptions;
  /** The phone's Signal sender for its own devices (created for the first history sync). */
  phoneSignal?: PhoneSignal;
  /** Push name (`setProfile`, or what its devices announce); synced to its devices as app state. */
  name?: string;
  profile: Profile;
  presence: PresenceRecord;
  /** The app-state key and collections the phone shares with its devices (once it has a name). */
  appState?: AppState;
}

export const normalizePhone = (phone: string): string => {
  const digits = phone.replace(/[^0-9]/g, '');
  if (digits.length < 5 || digits.length > 15) throw new Error(`invalid phone number: ${phone}`);
  return digits;
};

export class AccountStore {
  private readonly byPhone = new Map<string, Account>();
  private readonly byLidUser = new Map<string, Account>();

  create(phone: string): Account {
    const key = normalizePhone(phone);
    const existing = this.byPhone.get(key);
    if (existing) return existing;
    const identity = Curve.generateKeyPair();
    const account: Account = {
      phone: key,
      lid: randomLid(),
      identity,
      primary: new ContactSignal(identity),
      devices: new Map(),
      nextDeviceId: 1,
      failNext: undefined,
      blocklist: new Set(),
      profile: {},
      presence: newPresence(),
    };
    this.byPhone.set(key, account);
    this.byLidUser.set(account.lid, account);
    return account;
  }

  get(phone: string): Account | undefined {
    return this.byPhone.get(phone.replace(/[^0-9]/g, ''));
  }

  getByLid(lidUser: string): Account | undefined {
    return this.byLidUser.get(lidUser);
  }

  all(): Account[] {
    return [...this.byPhone.values()];
  }
}
