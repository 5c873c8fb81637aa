import type { SimConnection } from '../connection.js';
import { resolveJid, type SimContext, senderOf } from '../context.js';
import { type BinaryNode, children, iqError, iqResult, node } from '../nodes.js';

/** The phone number (digits) a blocklist item names: its `pn_jid`, else its LID or PN `jid` resolved. */
const phoneOfItem = (ctx: SimContext, item: BinaryNode): string | undefined => {
  const pn = item.attrs.pn_jid?.split('@')[0]?.split(':')[0];
  if (pn && /^\d+$/.test(pn)) return pn;
  const party = resolveJid(ctx, item.attrs.jid);
  if (party) return party.kind === 'account' ? party.account.phone : party.contact.phone;
  const user = item.attrs.jid?.endsWith('@s.whatsapp.net') ? item.attrs.jid.split('@')[0] : undefined;
  return user && /^\d+$/.test(user) ? user : undefined;
};

/**
 * `iq xmlns=blocklist`: `get` lists the account's blocked numbers, `set` with `<item action=block|
 * unblock jid=… pn_jid=…>` changes them (Baileys 7's `updateBlockStatus` names the LID in `jid` and,
 * to block, the phone number in `pn_jid`). Messages from a blocked number never reach the account.
 */
export const handleBlocklistIq = (ctx: SimContext, conn: SimConnection, iq: BinaryNode): BinaryNode => {
  const account = senderOf(ctx, conn)?.account;
  if (!account) return iqError(iq, 401, 'not-authorized');
  if (iq.attrs.type === 'get') {
    return iqResult(iq, [
      node(
        'list',
        {},
        [...account.blocklist].map((phone) => node('item', { jid: `${phone}@s.whatsapp.net` })),
      ),
    ]);
  }
  for (const item of children(iq, 'item')) {
    const phone = phoneOfItem(ctx, item);
    if (!phone) return iqError(iq, 400, 'bad-request');
    if (item.attrs.action === 'block') account.blocklist.add(phone);
    else if (item.attrs.action === 'unblock') account.blocklist.delete(phone);
    else return iqError(iq, 400, 'bad-request');
  }
  return iqResult(iq);
};
