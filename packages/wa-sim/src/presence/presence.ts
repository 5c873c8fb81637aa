import type { SimConnection } from '../connection.js';
import { resolveJid, type SimContext, senderOf } from '../context.js';
import { type BinaryNode, node } from '../nodes.js';
import { hidesFrom, isAccount, type Person, personOf, requirePerson } from '../state/people.js';
import {
  PRESENCE_TYPES,
  type PresenceInfo,
  type PresenceRecord,
  type PresenceType,
} from './presence-record.js';

export type { ChatStateType, PresenceInfo, PresenceType } from './presence-record.js';

/** `<presence from type last>`: Baileys emits it as `presence.update` (`lastSeen` from `last`). */
const presenceNode = (jid: string, record: PresenceRecord): BinaryNode =>
  node('presence', {
    from: jid,
    type: record.type,
    last:
      record.type === 'unavailable' && record.lastSeen !== undefined
        ? String(Math.floor(record.lastSeen / 1000))
        : undefined,
  });

/** Sends `person`'s presence to one subscribed connection, unless it blocked that account. */
const sendTo = (ctx: SimContext, person: Person, conn: SimConnection, jid: string): void => {
  if (conn.closed) {
    person.presence.subscribers.delete(conn);
    return;
  }
  if (hidesFrom(person, senderOf(ctx, conn)?.account.phone)) return;
  conn.send(presenceNode(jid, person.presence));
};

const change = (ctx: SimContext, person: Person, type: PresenceType, by?: SimConnection): void => {
  const record = person.presence;
  const wasAvailable = record.type === 'available';
  record.type = type;
  record.by = type === 'available' ? by : undefined;
  if (type === 'unavailable' && (wasAvailable || record.lastSeen === undefined)) record.lastSeen = Date.now();
  for (const [conn, jid] of [...record.subscribers]) sendTo(ctx, person, conn, jid);
};

/** `setPresence`: an account's or contact's presence, relayed to every subscribed device. */
export const setPresence = (ctx: SimContext, phone: string, presence: PresenceType): PresenceInfo => {
  if (!PRESENCE_TYPES.includes(presence)) {
    throw new Error(`presence must be 'available' or 'unavailable', got ${String(presence)}`);
  }
  const person = requirePerson(ctx, phone);
  change(ctx, person, presence);
  return presenceInfo(ctx, person);
};

export const presenceInfo = (ctx: SimContext, person: Person): PresenceInfo => {
  const { type, lastSeen, subscribers, chatStates } = person.presence;
  return {
    presence: type,
    ...(lastSeen !== undefined && { lastSeen }),
    subscribers: [...subscribers.keys()]
      .filter((conn) => !conn.closed && senderOf(ctx, conn))
      .map((conn) => conn.deviceKey as string),
    chatStates: Object.fromEntries(chatStates),
  };
};

/**
 * A `<presence>` from a logged-in device: `type=subscribe to=JID` (`presenceSubscribe`) answers
 * with the target's presence now and on every change while the connection lasts; `unsubscribe`
 * ends that; `available` / `unavailable` (`sendPresenceUpdate`) set the account's own presence.
 * An untyped one with `name` is how Baileys announces a new push name (after `creds.update`).
 */
export const handlePresence = (ctx: SimContext, conn: SimConnection, stanza: BinaryNode): void => {
  const me = senderOf(ctx, conn);
  if (!me) return;
  const { type, to, name } = stanza.attrs;
  if (type === 'subscribe' || type === 'unsubscribe') {
    const party = resolveJid(ctx, to);
    if (!party || !to) return;
    const person = personOf(party);
    if (type === 'unsubscribe') {
      person.presence.subscribers.delete(conn);
      return;
    }
    // The JID as subscribed to (PN or LID), without a device: what `presence.update` is keyed by.
    const [user = '', server = ''] = to.split('@');
    const jid = `${user.split(':')[0]}@${server}`;
    person.presence.subscribers.set(conn, jid);
    sendTo(ctx, person, conn, jid);
    return;
  }
  if (type === 'available' || type === 'unavailable') {
    change(ctx, me.account, type, conn);
    return;
  }
  if (!type && name) me.account.name = name;
};

/**
 * A connection went away: its subscriptions end, and an account it made available goes
 * unavailable (last seen now), as WhatsApp shows a user who closed the app.
 */
export const presenceConnectionClosed = (ctx: SimContext, conn: SimConnection): void => {
  const people: Person[] = [...ctx.accounts.all(), ...ctx.contacts.all()];
  for (const person of people) person.presence.subscribers.delete(conn);
  for (const account of people.filter(isAccount)) {
    if (account.presence.by === conn && account.presence.type === 'available') {
      change(ctx, account, 'unavailable');
    }
  }
};
