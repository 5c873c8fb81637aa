import type { SimConnection } from '../connection.js';
import { liveDevices, type Party, resolveJid, type SimContext, senderOf } from '../context.js';
import { type BinaryNode, child, children, iqResult, node, text } from '../nodes.js';
import { statusNode } from '../profiles/profile.js';
import { personOf } from '../state/people.js';

const deviceList = (party: Party | undefined): BinaryNode => {
  const devices: BinaryNode[] = [];
  if (party) devices.push(node('device', { id: '0' }));
  if (party?.kind === 'account') {
    for (const d of liveDevices(party.account)) {
      devices.push(node('device', { id: String(d.id), 'key-index': String(d.keyIndex) }));
    }
  }
  return node('devices', {}, [node('device-list', {}, devices)]);
};

const lidOf = (party: Party): string =>
  `${party.kind === 'account' ? party.account.lid : party.contact.lid}@lid`;

/**
 * `iq xmlns=usync`: answers the `devices`, `contact`, `lid` and `status` (about text) protocols per
 * user (the LID answer is what lets Baileys 7 address Signal sessions). Unknown numbers are "not on
 * WhatsApp", unless the simulator creates their contact by last digits (`resolveJid`).
 */
export const handleUsyncIq = (ctx: SimContext, iq: BinaryNode, conn: SimConnection): BinaryNode => {
  const asker = senderOf(ctx, conn)?.account.phone;
  const usync = child(iq, 'usync');
  const protocols = children(child(usync, 'query')).map((p) => p.tag);
  const users: BinaryNode[] = [];
  for (const user of children(child(usync, 'list'), 'user')) {
    const phone = text(child(user, 'contact'))?.replace(/[^0-9]/g, '');
    const jid = user.attrs.jid ?? (phone ? `${phone}@s.whatsapp.net` : undefined);
    if (!jid) continue;
    const party = resolveJid(ctx, jid);
    const content: BinaryNode[] = [];
    for (const protocol of protocols) {
      if (protocol === 'devices') content.push(deviceList(party));
      else if (protocol === 'contact') content.push(node('contact', { type: party ? 'in' : 'out' }));
      else if (protocol === 'lid' && party && !party.viaLid) content.push(node('lid', { val: lidOf(party) }));
      else if (protocol === 'status' && party) content.push(statusNode(personOf(party), asker));
    }
    users.push(node('user', { jid }, content));
  }
  return iqResult(iq, [
    node('usync', { ...usync?.attrs, last: 'true', index: '0' }, [
      node('result', {}),
      node('list', {}, users),
    ]),
  ]);
};
