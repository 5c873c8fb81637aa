import type { SimConnection } from '../connection.js';
import { type SimContext, senderOf } from '../context.js';
import { type BinaryNode, child, children, iqError, iqResult, node, text } from '../nodes.js';
import { groupNode, pnJid } from './group-nodes.js';
import {
  createGroup,
  GroupError,
  inviteCodeOf,
  joinByInvite,
  leaveGroup,
  type ParticipantAction,
  participantsAction,
  revokeInvite,
  updateGroup,
} from './group-ops.js';

const ACTIONS = new Set<string>(['add', 'remove', 'promote', 'demote']);

const phoneOfJid = (ctx: SimContext, jid: string | undefined): string => {
  const [user = '', server] = (jid ?? '').split('@');
  const bare = user.split(':')[0] ?? '';
  if (server === 'lid') {
    return ctx.accounts.getByLid(bare)?.phone ?? ctx.contacts.getByLid(bare)?.phone ?? bare;
  }
  return bare;
};

const answer = (ctx: SimContext, phone: string, iq: BinaryNode): BinaryNode => {
  const op = children(iq)[0];
  if (!op) throw new GroupError(400, 'bad-request');
  const to = iq.attrs.to ?? '';
  const isGet = iq.attrs.type === 'get';
  if (to === '@g.us' || to === 'g.us') {
    switch (op.tag) {
      case 'participating': {
        const mine = ctx.groups.all().filter((g) => g.participants.has(phone));
        return iqResult(iq, [node('groups', {}, mine.map(groupNode))]);
      }
      case 'create': {
        const phones = children(op, 'participant').map((p) => phoneOfJid(ctx, p.attrs.jid));
        const { group } = createGroup(ctx, phone, op.attrs.subject ?? '', phones);
        return iqResult(iq, [groupNode(group)]);
      }
      case 'leave':
        for (const g of children(op, 'group')) {
          const group = ctx.groups.get(g.attrs.id ?? '');
          if (!group) throw new GroupError(404, 'item-not-found');
          leaveGroup(ctx, group, phone);
        }
        return iqResult(iq, [node('leave')]);
      case 'invite': {
        const code = op.attrs.code ?? '';
        if (isGet) {
          const group = ctx.groups.byInviteCode(code);
          if (!group) throw new GroupError(404, 'item-not-found');
          return iqResult(iq, [groupNode(group)]);
        }
        const group = joinByInvite(ctx, code, phone);
        return iqResult(iq, [node('group', { jid: group.id })]);
      }
      default:
        throw new GroupError(501, 'feature-not-implemented');
    }
  }
  const group = ctx.groups.get(to);
  if (!group) throw new GroupError(404, 'item-not-found');
  if (!group.participants.has(phone)) {
    throw new GroupError(403, 'forbidden');
  }
  if (ACTIONS.has(op.tag)) {
    const phones = children(op, 'participant').map((p) => phoneOfJid(ctx, p.attrs.jid));
    const results = participantsAction(ctx, group, phone, op.tag as ParticipantAction, phones);
    return iqResult(iq, [
      node(
        op.tag,
        {},
        results.map((r) =>
          node('participant', {
            jid: pnJid(r.phone),
            error: r.status === 200 ? undefined : String(r.status),
          }),
        ),
      ),
    ]);
  }
  switch (op.tag) {
    case 'query':
      return iqResult(iq, [groupNode(group)]);
    case 'subject':
      updateGroup(ctx, group, phone, { subject: text(op) ?? '' });
      return iqResult(iq);
    case 'description':
      updateGroup(ctx, group, phone, {
        description: op.attrs.delete === 'true' ? '' : (text(child(op, 'body')) ?? ''),
      });
      return iqResult(iq);
    case 'announcement':
    case 'not_announcement':
      updateGroup(ctx, group, phone, { announce: op.tag === 'announcement' });
      return iqResult(iq);
    case 'locked':
    case 'unlocked':
      updateGroup(ctx, group, phone, { locked: op.tag === 'locked' });
      return iqResult(iq);
    case 'invite': {
      const code = isGet ? inviteCodeOf(group, phone) : revokeInvite(ctx, group, phone);
      return iqResult(iq, [node('invite', { code })]);
    }
    default:
      throw new GroupError(501, 'feature-not-implemented');
  }
};

/** `iq xmlns=w:g2` from a logged-in device: group queries and changes, refused as WhatsApp would. */
export const handleGroupIq = (ctx: SimContext, conn: SimConnection, iq: BinaryNode): BinaryNode => {
  const me = senderOf(ctx, conn);
  if (!me) return iqError(iq, 401, 'not-authorized');
  try {
    return answer(ctx, me.account.phone, iq);
  } catch (err) {
    if (err instanceof GroupError) return iqError(iq, err.code, err.text);
    throw err;
  }
};
