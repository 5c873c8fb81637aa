import {
  type BaileysEventMap,
  type Contact,
  USyncQuery,
  USyncUser,
  type WASocket,
} from '@whiskeysockets/baileys';
import type { ContactIdentity, NumberCheck } from '../../domain/contact-types.js';
import { EngineError, type EngineEvent } from '../engine.js';
import { jidToLid, jidToPhone, phoneToJid } from './mapping.js';

type ContactEvent = Extract<EngineEvent, { type: 'contact' }>;

/**
 * Which numbers have WhatsApp: one usync query with the `contact` and `lid` protocols (what
 * `onWhatsApp` sends, plus the LIDs it drops). The LIDs are stored in Baileys' own mapping too, so
 * sends and blocks to those numbers find them.
 */
export async function checkNumbers(sock: WASocket, phones: readonly string[]): Promise<NumberCheck[]> {
  const query = new USyncQuery().withContactProtocol().withLIDProtocol();
  for (const phone of phones) query.withUser(new USyncUser().withPhone(phone));
  const result = await sock.executeUSyncQuery(query);
  const found = new Map<string, { onWhatsApp: boolean; lid: string | null }>();
  for (const entry of result?.list ?? []) {
    const phone = jidToPhone(entry.id);
    if (!phone) continue;
    const onWhatsApp = entry.contact === true;
    const lid = onWhatsApp && typeof entry.lid === 'string' ? (jidToLid(entry.lid) ?? null) : null;
    found.set(phone, { onWhatsApp, lid });
  }
  const mappings = [...found].flatMap(([phone, r]) => (r.lid ? [{ lid: r.lid, pn: phoneToJid(phone) }] : []));
  if (mappings.length > 0) await sock.signalRepository.lidMapping.storeLIDPNMappings(mappings);
  return phones.map((phone) => ({ phone, onWhatsApp: false, lid: null, ...found.get(phone) }));
}

/**
 * Blocks or unblocks through `updateBlockStatus`, which needs both identities in Baileys' mapping
 * (it names the LID and, to block, the phone number): a number whose LID is not known yet is
 * looked up first.
 */
export async function setBlocked(sock: WASocket, contact: ContactIdentity, blocked: boolean): Promise<void> {
  const mapping = sock.signalRepository.lidMapping;
  if (contact.phone && contact.lid) {
    await mapping.storeLIDPNMappings([{ lid: contact.lid, pn: phoneToJid(contact.phone) }]);
  } else if (contact.phone && !(await mapping.getLIDForPN(phoneToJid(contact.phone)))) {
    const [check] = await checkNumbers(sock, [contact.phone]);
    if (!check?.onWhatsApp) {
      throw new EngineError('NOT_ON_WHATSAPP', `${contact.phone} is not on WhatsApp.`, false);
    }
  }
  const jid = contact.phone ? phoneToJid(contact.phone) : contact.lid;
  if (!jid) throw new Error('a contact to block needs a phone number or a LID');
  await sock.updateBlockStatus(jid, blocked ? 'block' : 'unblock');
}

/** A contact from Baileys' contact events (sync, push names) as the engine's contact event. */
export function contactEvent(contact: Partial<Contact>): ContactEvent | undefined {
  const phone = jidToPhone(contact.id) ?? jidToPhone(contact.phoneNumber);
  const lid = jidToLid(contact.id) ?? jidToLid(contact.lid);
  const name = contact.name || contact.notify || contact.verifiedName;
  if (!phone && !lid) return undefined;
  return { type: 'contact', ...(phone && { phone }), ...(lid && { lid }), ...(name && { name }) };
}

/** `blocklist.update` (a block or unblock made on another device) as contact events. */
export function blocklistEvents(jids: readonly string[], type: 'add' | 'remove'): ContactEvent[] {
  return jids.flatMap((jid) => {
    const event = contactEvent({ id: jid });
    return event ? [{ ...event, blocked: type === 'add' }] : [];
  });
}

/** The contact events of one Baileys event batch: contact sync, push names, blocks made elsewhere. */
export function contactEvents(events: Partial<BaileysEventMap>): ContactEvent[] {
  const contacts = [...(events['contacts.upsert'] ?? []), ...(events['contacts.update'] ?? [])];
  const blocks = events['blocklist.update'];
  return [
    ...contacts.flatMap((c) => contactEvent(c) ?? []),
    ...(blocks ? blocklistEvents(blocks.blocklist, blocks.type) : []),
  ];
}

/** The account's blocklist, as WhatsApp has it (blocks made on other devices or while offline too). */
export async function fetchBlocklist(sock: WASocket): Promise<ContactIdentity[]> {
  const jids = await sock.fetchBlocklist();
  return jids.flatMap((jid) => {
    const phone = jidToPhone(jid) ?? null;
    const lid = jidToLid(jid) ?? null;
    return phone || lid ? [{ phone, lid }] : [];
  });
}
