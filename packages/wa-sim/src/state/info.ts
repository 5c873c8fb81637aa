import type { SimContext } from '../context.js';
import { presenceInfo } from '../presence/presence.js';
import { profileInfo } from '../profiles/profile.js';
import type { AccountInfo, ContactInfo } from '../simulator-types.js';

export const accountInfo = (ctx: SimContext, phone: string): AccountInfo => {
  const account = ctx.accounts.get(phone);
  if (!account) throw new Error(`unknown account: ${phone}`);
  return {
    phone: account.phone,
    lid: account.lid,
    devices: [...account.devices.values()]
      .filter((d) => d.confirmed)
      .map((d) => ({
        id: d.id,
        jid: `${account.phone}:${d.id}@s.whatsapp.net`,
        connected: !!d.conn && !d.conn.closed,
        active: !!d.conn && !d.conn.closed && d.conn.active,
        queued: d.queue.length,
        platform: d.platform,
        ...(d.history && { history: { ...d.history } }),
      })),
    profile: profileInfo(ctx, account),
    presence: presenceInfo(ctx, account),
  };
};

export const contactInfo = (ctx: SimContext, phone: string): ContactInfo => {
  const c = ctx.contacts.get(phone);
  if (!c) throw new Error(`unknown contact: ${phone}`);
  return {
    phone: c.phone,
    lid: c.lid,
    behaviour: c.behaviour,
    receiptDelayMs: c.receiptDelayMs,
    ...(c.sendError ? { sendError: c.sendError } : {}),
    ...(c.retryRequests ? { retryRequests: c.retryRequests } : {}),
    profile: profileInfo(ctx, c),
    presence: presenceInfo(ctx, c),
  };
};
