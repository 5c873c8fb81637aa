import { randomInt } from 'node:crypto';
import type { SimConnection } from '../connection.js';
import { deliverToDevice, liveDevices, resolveJid, type SimContext, senderOf } from '../context.js';
import { type BinaryNode, bytes, child, iqError, iqResult, node, nowSeconds } from '../nodes.js';
import type { Account } from '../state/accounts.js';
import { type Group, isAdmin } from '../state/groups.js';
import { randomMessageId } from '../state/ids.js';
import { hidesFrom, type Person, requirePerson } from '../state/people.js';

/** A profile picture (of an account, a contact or a group) as the simulator keeps it. */
export interface StoredPicture {
  /** WhatsApp's picture id (a number as a string); a new one for each picture. */
  id: string;
  data: Buffer;
  /** ms since epoch. */
  setAt: number;
}

/** `Simulator.profilePicture`: the current picture and the URL that serves it. */
export interface ProfilePicture {
  id: string;
  /** `http://<host>:<port>/pp/<phone or group digits>/<id>.jpg` on the simulator's HTTP port. */
  url: string;
  data: Buffer;
  setAt: number;
}

type Owner = { kind: 'person'; person: Person } | { kind: 'group'; group: Group };

const keyOf = (owner: Owner): string =>
  owner.kind === 'group' ? (owner.group.id.split('@')[0] ?? '') : owner.person.phone;

const jidOf = (owner: Owner): string =>
  owner.kind === 'group' ? owner.group.id : `${owner.person.phone}@s.whatsapp.net`;

const current = (owner: Owner): StoredPicture | undefined =>
  owner.kind === 'group' ? owner.group.picture : owner.person.profile.picture;

export const pictureUrl = (ctx: SimContext, key: string, picture: StoredPicture): string =>
  `${ctx.httpUrl}/pp/${key}/${picture.id}.jpg`;

/** A group id (`…@g.us` or its digits) or the phone number of an account or contact; throws for others. */
const requireOwner = (ctx: SimContext, idOrPhone: string): Owner => {
  const group = ctx.groups.get(idOrPhone);
  if (group) return { kind: 'group', group };
  if (idOrPhone.endsWith('@g.us')) throw new Error(`unknown group: ${idOrPhone}`);
  return { kind: 'person', person: requirePerson(ctx, idOrPhone) };
};

/** The owner an iq's `target` JID names (a user by PN or LID, or a group). */
const ownerOfJid = (ctx: SimContext, jid: string): Owner | undefined => {
  if (jid.endsWith('@g.us')) {
    const group = ctx.groups.get(jid);
    return group && { kind: 'group', group };
  }
  const party = resolveJid(ctx, jid);
  if (!party) return undefined;
  return { kind: 'person', person: party.kind === 'account' ? party.account : party.contact };
};

/** Accounts that hear of a picture change: a group's members; a user's own devices and chat partners. */
const audience = (ctx: SimContext, owner: Owner): Account[] => {
  if (owner.kind === 'group') {
    return [...owner.group.participants.keys()].flatMap((phone) => ctx.accounts.get(phone) ?? []);
  }
  const { person } = owner;
  return ctx.accounts
    .all()
    .filter(
      (a) =>
        a === person ||
        (!hidesFrom(person, a.phone) &&
          (ctx.log.hasChat(a.phone, person.phone) ||
            ctx.groups.all().some((g) => g.participants.has(a.phone) && g.participants.has(person.phone)))),
    );
};

/**
 * `<notification type=picture from=JID><set|delete jid id author/></notification>`: Baileys emits
 * `contacts.update { imgUrl: 'changed' | 'removed' }` (and for a group a `GROUP_CHANGE_ICON` stub).
 */
const notify = (
  ctx: SimContext,
  owner: Owner,
  picture: StoredPicture | undefined,
  author?: Account,
): void => {
  const jid = jidOf(owner);
  const by = author ? `${author.phone}@s.whatsapp.net` : undefined;
  const stanza = node(
    'notification',
    { from: jid, type: 'picture', id: randomMessageId(), t: nowSeconds(), participant: by },
    [picture ? node('set', { jid, id: picture.id, author: by }) : node('delete', { jid, author: by })],
  );
  for (const account of audience(ctx, owner)) {
    for (const device of liveDevices(account)) deliverToDevice(device, stanza);
  }
};

/** Sets (bytes) or removes (undefined) a picture and notifies who sees it. */
const change = (
  ctx: SimContext,
  owner: Owner,
  data: Buffer | undefined,
  author?: Account,
): string | undefined => {
  const previous = current(owner);
  let picture: StoredPicture | undefined;
  if (data) {
    let id = String(randomInt(1e9, 2 ** 47));
    while (id === previous?.id) id = String(randomInt(1e9, 2 ** 47));
    picture = { id, data: Buffer.from(data), setAt: Date.now() };
  } else if (!previous) {
    return undefined;
  }
  if (owner.kind === 'group') owner.group.picture = picture;
  else owner.person.profile.picture = picture;
  notify(ctx, owner, picture, author);
  return picture?.id;
};

/** `setProfile`'s `picture`: bytes set it, `null` removes it. */
export const setPicture = (ctx: SimContext, person: Person, data: Uint8Array | null): void => {
  change(ctx, { kind: 'person', person }, data ? Buffer.from(data) : undefined);
};

/** `Simulator.profilePicture`: undefined when there is none; throws for an unknown phone or group. */
export const profilePicture = (ctx: SimContext, idOrPhone: string): ProfilePicture | undefined => {
  const owner = requireOwner(ctx, idOrPhone);
  const picture = current(owner);
  return (
    picture && { ...picture, data: Buffer.from(picture.data), url: pictureUrl(ctx, keyOf(owner), picture) }
  );
};

/** Who may change a picture: one's own; a group's members (admins only when it is locked). */
const refusal = (owner: Owner, me: Account): [number, string] | undefined => {
  if (owner.kind === 'person') return owner.person === me ? undefined : [403, 'forbidden'];
  const { group } = owner;
  if (!group.participants.has(me.phone)) return [403, 'forbidden'];
  return group.locked && !isAdmin(group, me.phone) ? [403, 'forbidden'] : undefined;
};

/**
 * `iq xmlns=w:profile:picture`: `get` with `target` (`profilePictureUrl(jid, 'image' | 'preview')`)
 * → `<picture id url direct_path type>`, or `404 item-not-found` when there is none (`401` when the
 * owner blocked the asker); `set` with `<picture type=image>JPEG</picture>` (`updateProfilePicture`)
 * or without it (`removeProfilePicture`), of one's own picture (no `target`) or a group's.
 */
export const handlePictureIq = (ctx: SimContext, conn: SimConnection, iq: BinaryNode): BinaryNode => {
  const me = senderOf(ctx, conn)?.account;
  if (!me) return iqError(iq, 401, 'not-authorized');
  const target = iq.attrs.target;
  const owner = target ? ownerOfJid(ctx, target) : { kind: 'person' as const, person: me };
  if (!owner) return iqError(iq, 404, 'item-not-found');
  const request = child(iq, 'picture');
  if (iq.attrs.type === 'get') {
    const picture = current(owner);
    if (!picture) return iqError(iq, 404, 'item-not-found');
    if (owner.kind === 'person' && hidesFrom(owner.person, me.phone))
      return iqError(iq, 401, 'not-authorized');
    const url = pictureUrl(ctx, keyOf(owner), picture);
    const type = request?.attrs.type === 'image' ? 'image' : 'preview';
    return iqResult(iq, [node('picture', { id: picture.id, type, url, direct_path: new URL(url).pathname })]);
  }
  if (iq.attrs.type !== 'set') return iqError(iq, 400, 'bad-request');
  const refused = refusal(owner, me);
  if (refused) return iqError(iq, ...refused);
  const data = bytes(request);
  if (request && !data?.length) return iqError(iq, 400, 'bad-request');
  const id = change(ctx, owner, data, owner.kind === 'group' ? me : undefined);
  return iqResult(iq, id ? [node('picture', { id })] : undefined);
};
