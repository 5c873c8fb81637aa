import type { proto } from '@whiskeysockets/baileys';
import type { SimConnection } from '../connection.js';
import { deviceJid, type SimContext } from '../context.js';
import { sendHistory } from '../history/send-history.js';
import { node, nowSeconds } from '../nodes.js';
import { syncPushName } from '../profiles/app-state.js';
import { startRegistration } from './pairing.js';

/**
 * Decides what a freshly handshaken connection is: a registration (no creds yet) or a login, which
 * must name a paired device and present the noise key registered at pairing, else `401`.
 */
export const handleLogin = (ctx: SimContext, conn: SimConnection, payload: proto.ClientPayload): void => {
  if (payload.devicePairingData || payload.username === null || payload.username === undefined) {
    startRegistration(ctx, conn, payload);
    return;
  }
  const phone = String(payload.username);
  const deviceId = Number(payload.device ?? 0);
  const account = ctx.accounts.get(phone);
  const device = account?.devices.get(deviceId);
  if (!account || !device?.confirmed || !device.noiseKey.equals(conn.clientStatic)) {
    ctx.logger.info({ phone, device: deviceId }, 'login refused: unknown device');
    conn.kick(node('failure', { reason: '401', location: 'sim' }));
    return;
  }
  const previous = device.conn;
  if (previous && previous !== conn && !previous.closed) previous.streamError(440);
  device.conn = conn;
  conn.deviceKey = `${account.phone}:${deviceId}`;
  conn.active = false;
  conn.send(
    node('success', {
      t: nowSeconds(),
      props: '1',
      abprops: '1',
      location: 'sim',
      creation: String(Math.floor(device.pairedAt / 1000)),
      lid: deviceJid(account.lid, 'lid', deviceId),
    }),
  );
  ctx.logger.info({ phone, device: deviceId }, 'device logged in');
};

/** `passive active`: the client is ready, so flush what was held while it was away. */
export const activate = (ctx: SimContext, conn: SimConnection): void => {
  if (conn.active) return;
  conn.active = true;
  const [phone, id] = (conn.deviceKey ?? '').split(':');
  const device = phone ? ctx.accounts.get(phone)?.devices.get(Number(id)) : undefined;
  if (!device || device.conn !== conn) return;
  const queued = device.queue.splice(0);
  for (const stanza of queued) {
    conn.send({ ...stanza, attrs: { ...stanza.attrs, offline: '1' } });
  }
  conn.send(node('ib', {}, [node('offline', { count: String(queued.length) })]));
  const account = ctx.accounts.get(phone ?? '');
  if (device.historyDue && account) {
    device.historyDue = false;
    void sendHistory(ctx, account, device);
  }
  // The phone of an account with a push name shares its app-state key (and so the name) with it.
  if (account?.name !== undefined && !device.appStateKey) void syncPushName(ctx, account);
};
