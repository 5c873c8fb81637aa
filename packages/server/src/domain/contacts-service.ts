import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { authorize, type Principal } from './authorization.js';
import type { Contact, ContactFacts, ContactIdentity, NumberCheck } from './contact-types.js';
import type { EventsService } from './events-service.js';
import type { PhoneNormalizer } from './phone.js';
import { sessionOf } from './session-access.js';
import type { SessionControl } from './session-control.js';
import type { Page, PageParams, Session } from './types.js';
import { wireContacts } from './wire-contacts.js';

const LID = /^\d{1,20}@lid$/;

/** At most this many numbers per check (WhatsApp's own clients ask in small batches). */
export const CHECK_MAX = 50;

export type ContactRef = { by: 'phone' | 'lid'; value: string };

/**
 * A session's contacts: who it knows by phone number and LID (learned from messages, number checks
 * and WhatsApp's contact sync), their names and whether the session blocked them. Every change is
 * announced as a `contact.updated` event in the transaction that stores it.
 */
export class ContactsService {
  #control: Pick<SessionControl, 'checkNumbers' | 'setBlocked'> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly events: EventsService,
    private readonly normalizePhone: PhoneNormalizer,
  ) {}

  /** The runtime that reaches WhatsApp (the session manager, created after this service). */
  bindControl(control: Pick<SessionControl, 'checkNumbers' | 'setBlocked'>): void {
    this.#control = control;
  }

  /** By phone number (then LID); page with `starting_after` = the last contact's id. */
  async list(
    principal: Principal,
    sessionId: string,
    page: PageParams & { q?: string | undefined },
  ): Promise<Page<Contact>> {
    await sessionOf(this.storage, principal, sessionId);
    const after =
      page.startingAfter === undefined ? undefined : this.ref(page.startingAfter, 'starting_after');
    const rows = await this.storage.contacts.list(principal.tenant.id, sessionId, {
      limit: page.limit + 1,
      after: after?.value,
      q: page.q,
    });
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  /** A contact by its phone number (any format the phone rules take) or its LID. */
  async get(principal: Principal, sessionId: string, contact: string): Promise<Contact> {
    await sessionOf(this.storage, principal, sessionId);
    const ref = this.ref(contact, 'contact');
    const found = await this.storage.contacts.get(principal.tenant.id, sessionId, ref.by, ref.value);
    if (!found) throw new AppError('CONTACT_NOT_FOUND');
    return found;
  }

  /** The known LID ↔ phone mappings by LID; page with `starting_after` = the last LID. */
  async mappings(
    principal: Principal,
    sessionId: string,
    page: PageParams,
  ): Promise<Page<{ lid: string; phone: string }>> {
    await sessionOf(this.storage, principal, sessionId);
    if (page.startingAfter !== undefined && !LID.test(page.startingAfter)) {
      throw new AppError('VALIDATION_FAILED', {
        message: 'starting_after is a LID (digits@lid).',
        param: 'starting_after',
      });
    }
    const rows = await this.storage.contacts.mappings(
      principal.tenant.id,
      sessionId,
      page.limit + 1,
      page.startingAfter,
    );
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  /** The mapping of a LID, or of a phone number; LID_NOT_FOUND when that identity has none. */
  async mapping(
    principal: Principal,
    sessionId: string,
    by: 'lid' | 'phone',
    value: string,
  ): Promise<{ lid: string; phone: string }> {
    await sessionOf(this.storage, principal, sessionId);
    const ref = by === 'lid' ? this.#lid(value) : { by, value: this.normalizePhone(value, 'phone') };
    const found = await this.storage.contacts.get(principal.tenant.id, sessionId, ref.by, ref.value);
    if (!found?.lid || !found.phone) {
      throw new AppError('LID_NOT_FOUND', {
        message:
          by === 'lid'
            ? `The session knows no phone number for ${ref.value}.`
            : `The session knows no LID for ${ref.value}.`,
      });
    }
    return { lid: found.lid, phone: found.phone };
  }

  /**
   * Which numbers have WhatsApp, asked through the connected session (1–50 numbers); the LIDs it
   * learns are stored as contacts.
   */
  async check(principal: Principal, sessionId: string, phones: readonly string[]): Promise<NumberCheck[]> {
    authorize(principal, 'messages:send');
    const session = await sessionOf(this.storage, principal, sessionId);
    if (phones.length < 1 || phones.length > CHECK_MAX) {
      throw new AppError('VALIDATION_FAILED', {
        message: `Check 1 to ${CHECK_MAX} numbers at a time.`,
        param: 'phones',
      });
    }
    const normalized = [...new Set(phones.map((p, i) => this.normalizePhone(p, `phones.${i}`)))];
    const control = this.#connected(session, 'numbers are checked');
    const results = await control.checkNumbers(sessionId, normalized);
    const learned = results.filter((r) => r.onWhatsApp && r.lid !== null);
    if (learned.length > 0) {
      await this.storage.transaction(async (tx) => {
        for (const r of learned) {
          await this.learn(
            session.tenantId,
            sessionId,
            { phone: r.phone, lid: r.lid ?? undefined },
            Date.now(),
            tx,
          );
        }
      });
    }
    return results;
  }

  /** Blocks or unblocks a contact through the connected session, and stores it on the contact. */
  async setBlocked(
    principal: Principal,
    sessionId: string,
    contact: string,
    blocked: boolean,
  ): Promise<Contact> {
    authorize(principal, 'messages:send');
    const session = await sessionOf(this.storage, principal, sessionId);
    const ref = this.ref(contact, 'contact');
    const control = this.#connected(session, 'contacts are blocked');
    const known = await this.storage.contacts.get(session.tenantId, sessionId, ref.by, ref.value);
    await control.setBlocked(
      sessionId,
      {
        phone: known?.phone ?? (ref.by === 'phone' ? ref.value : null),
        lid: known?.lid ?? (ref.by === 'lid' ? ref.value : null),
      },
      blocked,
    );
    await this.storage.transaction((tx) =>
      this.learn(session.tenantId, sessionId, { [ref.by]: ref.value, blocked }, Date.now(), tx),
    );
    return (await this.storage.contacts.get(session.tenantId, sessionId, ref.by, ref.value)) as Contact;
  }

  /** Stores what is now known about a contact, with a `contact.updated` event per contact changed. */
  async learn(
    tenantId: string,
    sessionId: string,
    facts: ContactFacts,
    at: number,
    within: Storage = this.storage,
  ): Promise<void> {
    if (!facts.lid && !facts.phone) return;
    await within.transaction(async (tx) => {
      for (const change of await tx.contacts.learn(sessionId, facts, at)) {
        await this.events.record(
          tx,
          { tenantId, sessionId, type: 'contact.updated', data: wireContacts.updated(change) },
          at,
        );
      }
    });
  }

  /**
   * The account's whole blocklist, as WhatsApp reported it: the contacts in it are blocked, every
   * other contact stored as blocked is not (it was unblocked elsewhere, or while this was offline).
   */
  async syncBlocklist(
    tenantId: string,
    sessionId: string,
    blocked: readonly ContactIdentity[],
    at: number,
    within: Storage = this.storage,
  ): Promise<void> {
    await within.transaction(async (tx) => {
      const listed = new Set(blocked.flatMap((b) => [b.phone, b.lid]).filter((v) => v !== null));
      for (const was of await tx.contacts.blocked(sessionId)) {
        if (listed.has(was.phone ?? '') || listed.has(was.lid ?? '')) continue;
        const ref = was.lid ? { lid: was.lid } : { phone: was.phone ?? undefined };
        await this.learn(tenantId, sessionId, { ...ref, blocked: false }, at, tx);
      }
      for (const b of blocked) {
        await this.learn(
          tenantId,
          sessionId,
          { phone: b.phone ?? undefined, lid: b.lid ?? undefined, blocked: true },
          at,
          tx,
        );
      }
    });
  }

  /** A contact is named by a LID (`digits@lid`) or a phone number (normalised). */
  ref(value: string, param: string): ContactRef {
    return LID.test(value) ? { by: 'lid', value } : { by: 'phone', value: this.normalizePhone(value, param) };
  }

  #lid(value: string): ContactRef {
    if (!LID.test(value)) {
      throw new AppError('VALIDATION_FAILED', {
        message: `"${value}" is not a LID (digits@lid).`,
        param: 'lid',
      });
    }
    return { by: 'lid', value };
  }

  #connected(session: Session, what: string): Pick<SessionControl, 'checkNumbers' | 'setBlocked'> {
    if (session.status !== 'connected' || !this.#control) {
      throw new AppError('SESSION_NOT_CONNECTED', {
        message: `The session is ${session.status}; ${what} only while it is connected.`,
      });
    }
    return this.#control;
  }
}
