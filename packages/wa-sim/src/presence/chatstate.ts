import type { SimConnection } from '../connection.js';
import { liveDevices, resolveJid, type SimContext, senderOf } from '../context.js';
import { type BinaryNode, children, node } from '../nodes.js';
import type { Account } from '../state/accounts.js';
import { personOf } from '../state/people.js';
import type { ChatStateType } from './presence-record.js';

/** Chat states are not stored for later: only devices online now get them. */
const sendNow = (account: Account, stanza: BinaryNode): void => {
  for (const device of liveDevices(account)) {
    if (device.conn && !device.conn.closed && device.conn.active) device.conn.send(stanza);
  }
};

const chatStateOf = (state: BinaryNode): ChatStateType | undefined => {
  if (state.tag === 'paused') return 'paused';
  if (state.tag !== 'composing') return undefined;
  return state.attrs.media === 'audio' ? 'recording' : 'composing';
};

/**
 * A `<chatstate to><composing/>|<composing media=audio/>|<paused/></chatstate>` from a logged-in
 * device (`sendPresenceUpdate('composing' | 'recording' | 'paused', jid)`): recorded on the
 * recipient (`presenceOf(phone).chatStates`) and relayed to the devices of a recipient account
 * (in a group: of every other member account, with `participant`) that are online now, as
 * `<chatstate from>`, which Baileys emits as `presence.update`. Blocked senders are not relayed.
 */
export const handleChatstate = (ctx: SimContext, conn: SimConnection, stanza: BinaryNode): void => {
  const me = senderOf(ctx, conn);
  const [state] = children(stanza);
  const to = stanza.attrs.to;
  const type = state && chatStateOf(state);
  if (!me || !state || !to || !type) return;
  const sender = me.account;
  const content = [node(state.tag, state.attrs)];
  if (to.endsWith('@g.us')) {
    const group = ctx.groups.get(to);
    if (!group?.participants.has(sender.phone)) return;
    const out = node('chatstate', { from: group.id, participant: `${sender.phone}@s.whatsapp.net` }, content);
    for (const phone of group.participants.keys()) {
      const account = phone === sender.phone ? undefined : ctx.accounts.get(phone);
      if (account && !account.blocklist.has(sender.phone)) sendNow(account, out);
    }
    return;
  }
  const target = resolveJid(ctx, to);
  if (!target) return;
  personOf(target).presence.chatStates.set(sender.phone, type);
  if (target.kind !== 'account' || target.account.blocklist.has(sender.phone)) return;
  const from = target.viaLid ? `${sender.lid}@lid` : `${sender.phone}@s.whatsapp.net`;
  sendNow(target.account, node('chatstate', { from }, content));
};
