import { newPresence, type PresenceRecord } from '../presence/presence-record.js';
import type { Profile } from '../profiles/profile.js';
import type { ContactBehaviour } from '../types.js';
import { normalizePhone } from './accounts.js';
import { ContactSignal } from './contact-signal.js';
import { randomLid } from './ids.js';

/** A simulated number outside the simulator's accounts, with scripted reactions. */
export interface Contact {
  phone: string;
  lid: string;
  behaviour: ContactBehaviour;
  /** Delay before each receipt (and the reply), ms. */
  receiptDelayMs: number;
  /** When set, every send to this contact is acked with this error and goes nowhere. */
  sendError: number | undefined;
  /**
   * How many copies of each message it pretends it could not decrypt: each of the first
   * `retryRequests` copies is answered with a retry receipt instead of a delivered one.
   */
  retryRequests: number;
  pushName: string;
  signal: ContactSignal;
  profile: Profile;
  presence: PresenceRecord;
}

export interface ContactOptions {
  phone: string;
  behaviour?: ContactBehaviour;
  receiptDelayMs?: number;
  sendError?: number;
  /** Retry receipts per message before it accepts a copy (default 0: never asks for a retry). */
  retryRequests?: number;
  pushName?: string;
}

/**
 * The contact an unknown number becomes with `unknownNumbers: 'by-last-digits'`: the rules of wagw's
 * sandbox engine (docs/sandbox.md), keyed on the last four digits.
 */
export const contactByLastDigits = (phone: string, receiptDelayMs: number): ContactOptions => {
  switch (phone.slice(-4)) {
    case '0001':
      return { phone, behaviour: 'auto-deliver', receiptDelayMs };
    case '0002':
      return { phone, behaviour: 'never-deliver', receiptDelayMs };
    case '0003':
      return { phone, behaviour: 'auto-deliver', receiptDelayMs, sendError: 463 };
    case '0004':
      return { phone, behaviour: 'reply', receiptDelayMs };
    default:
      return { phone, behaviour: 'auto-read', receiptDelayMs };
  }
};

const BEHAVIOURS: readonly ContactBehaviour[] = ['auto-deliver', 'auto-read', 'reply', 'never-deliver'];

export class ContactStore {
  private readonly byPhone = new Map<string, Contact>();
  private readonly byLidUser = new Map<string, Contact>();

  /** Adds a contact or updates the behaviour of an existing one (its identity is kept). */
  upsert(options: ContactOptions): Contact {
    const phone = normalizePhone(options.phone);
    const behaviour = options.behaviour ?? 'auto-deliver';
    if (!BEHAVIOURS.includes(behaviour)) throw new Error(`unknown contact behaviour: ${behaviour}`);
    const delay = options.receiptDelayMs ?? 0;
    if (!Number.isFinite(delay) || delay < 0) throw new Error('receiptDelayMs must be >= 0');
    const retryRequests = options.retryRequests ?? 0;
    if (!Number.isInteger(retryRequests) || retryRequests < 0) {
      throw new Error('retryRequests must be a non-negative integer');
    }
    const existing = this.byPhone.get(phone);
    if (existing) {
      existing.behaviour = behaviour;
      existing.receiptDelayMs = delay;
      existing.sendError = options.sendError;
      existing.retryRequests = retryRequests;
      if (options.pushName) existing.pushName = options.pushName;
      return existing;
    }
    const contact: Contact = {
      phone,
      lid: randomLid(),
      behaviour,
      receiptDelayMs: delay,
      sendError: options.sendError,
      retryRequests,
      pushName: options.pushName ?? `Contact ${phone.slice(-4)}`,
      signal: new ContactSignal(),
      profile: {},
      presence: newPresence(),
    };
    this.byPhone.set(phone, contact);
    this.byLidUser.set(contact.lid, contact);
    return contact;
  }

  get(phone: string): Contact | undefined {
    return this.byPhone.get(phone.replace(/[^0-9]/g, ''));
  }

  getByLid(lidUser: string): Contact | undefined {
    return this.byLidUser.get(lidUser);
  }

  all(): Contact[] {
    return [...this.byPhone.values()];
  }
}
