import { deliverToDevice, liveDevices, type SimContext } from '../context.js';
import { type BinaryNode, node, nowSeconds } from '../nodes.js';
import type { Group, GroupParticipant } from '../state/groups.js';
import { randomMessageId } from '../state/ids.js';

export const pnJid = (phone: string): string => `${phone}@s.whatsapp.net`;

/** A `<participant>` as Baileys reads it in metadata and notifications (PN jid, LID alongside). */
export const participantNode = (p: Pick<GroupParticipant, 'phone' | 'lid'> & { role?: string }): BinaryNode =>
  node('participant', {
    jid: pnJid(p.phone),
    lid: `${p.lid}@lid`,
    type: p.role && p.role !== 'member' ? p.role : undefined,
  });

/** The `<group>` node `extractGroupMetadata` parses (PN addressing). */
export const groupNode = (group: Group): BinaryNode => {
  const content: BinaryNode[] = [];
  if (group.description !== undefined) {
    content.push(
      node('description', { id: group.descriptionId, t: String(group.subjectTime) }, [
        node('body', {}, Buffer.from(group.description, 'utf8')),
      ]),
    );
  }
  if (group.announce) content.push(node('announcement'));
  if (group.locked) content.push(node('locked'));
  for (const p of group.participants.values()) content.push(participantNode(p));
  return node(
    'group',
    {
      id: group.id.split('@')[0],
      subject: group.subject,
      s_t: String(group.subjectTime),
      s_o: pnJid(group.owner),
      creation: String(group.creation),
      creator: pnJid(group.owner),
      size: String(group.participants.size),
      addressing_mode: 'pn',
    },
    content,
  );
};

/**
 * A `w:gp2` notification about `group` from `actor`, to every device of every member account (and of
 * `alsoTo`, e.g. members just removed). Baileys turns it into groups.upsert / groups.update /
 * group-participants.update.
 */
export const notifyGroup = (
  ctx: SimContext,
  group: Group,
  actor: Pick<GroupParticipant, 'phone' | 'lid'>,
  change: BinaryNode,
  alsoTo: string[] = [],
): void => {
  const stanza = node(
    'notification',
    {
      from: group.id,
      type: 'w:gp2',
      id: randomMessageId(),
      t: nowSeconds(),
      participant: pnJid(actor.phone),
      participant_lid: `${actor.lid}@lid`,
      addressing_mode: 'pn',
    },
    [change],
  );
  const phones = new Set([...group.participants.keys(), ...alsoTo]);
  for (const phone of phones) {
    const account = ctx.accounts.get(phone);
    if (!account) continue;
    for (const device of liveDevices(account)) deliverToDevice(device, stanza);
  }
};
