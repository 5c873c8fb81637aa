import { lookupContact, type Party, type SimContext } from '../context.js';
import type { Account } from './accounts.js';
import type { Contact } from './contacts.js';

/** Anyone on the simulated network: an account or an external contact. */
export type Person = Account | Contact;

export const isAccount = (person: Person): person is Account => 'devices' in person;

export const personOf = (party: Party): Person => (party.kind === 'account' ? party.account : party.contact);

/**
 * The account or contact with this phone number (a contact is created by its last digits with
 * `unknownNumbers: 'by-last-digits'`); throws for a number that is neither.
 */
export const requirePerson = (ctx: SimContext, phone: string): Person => {
  const person = ctx.accounts.get(phone) ?? lookupContact(ctx, phone);
  if (!person) throw new Error(`unknown phone number: ${phone} (neither an account nor a contact)`);
  return person;
};

/** True when `person` is an account that blocked `phone`: it hides its presence and profile from it. */
export const hidesFrom = (person: Person, phone: string | undefined): boolean =>
  phone !== undefined && isAccount(person) && person.blocklist.has(phone);
