import type { SimConnection } from '../connection.js';
import { deliverToDevice, liveDevices, resolveJid, type SimContext, senderOf } from '../context.js';
import { relayGroupReceipt } from '../groups/group-messages.js';
import { type BinaryNode, child, children, node, nowSeconds } from '../nodes.js';
import { relayRetryReceipt } from './retries.js';

/** Receipt types that only concern the sender's own devices: acked, not forwarded. */
const LOCAL_TYPES = new Set(['sender', 'peer_msg', 'hist_sync', 'read-self', 'played-self', 'server-error']);

/**
 * A receipt from a recipient device: forwarded once per message and kind (delivered, read) to every
 * device of the original sender; retry receipts go to the sending device; receipts for contacts'
 * messages are only logged.
 */
export const handleReceipt = (ctx: SimContext, conn: SimConnection, stanza: BinaryNode): void => {
  const { id, to, type } = stanza.attrs;
  conn.send(node('ack', { class: 'receipt', id, from: to, type }));
  const me = senderOf(ctx, conn);
  if (!me || !id || !to || (type && LOCAL_TYPES.has(type))) return;
  if (to.endsWith('@g.us')) {
    relayGroupReceipt(ctx, conn, stanza);
    return;
  }
  if (type === 'retry') {
    relayRetryReceipt(ctx, conn, stanza);
    return;
  }
  const kind =
    type === 'read' || type === 'played'
      ? 'read'
      : type === undefined || type === 'inactive'
        ? 'delivered'
        : undefined;
  if (!kind) return;
  const target = resolveJid(ctx, to);
  if (!target) return;
  const ids = [id, ...children(child(stanza, 'list'), 'item').map((i) => i.attrs.id ?? '')].filter(Boolean);
  const senderPhone = target.kind === 'account' ? target.account.phone : target.contact.phone;
  for (const msgId of ids) {
    const entry = ctx.log.find(msgId, senderPhone);
    if (!entry || entry.to !== me.account.phone) continue;
    const field = kind === 'read' ? 'readAt' : 'deliveredAt';
    if (entry[field] !== undefined) continue;
    entry[field] = Date.now();
    if (kind === 'read' && entry.deliveredAt === undefined) entry.deliveredAt = entry.readAt;
    if (target.kind !== 'account') continue;
    const from = target.viaLid ? `${me.account.lid}@lid` : `${me.account.phone}@s.whatsapp.net`;
    for (const device of liveDevices(target.account)) {
      deliverToDevice(
        device,
        node('receipt', { from, id: msgId, t: nowSeconds(), type: kind === 'read' ? type : undefined }),
      );
    }
  }
};
