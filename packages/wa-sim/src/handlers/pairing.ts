import { randomBytes, randomInt } from 'node:crypto';
import { Curve, hmacSign, proto } from '@whiskeysockets/baileys';
import type { SimConnection } from '../connection.js';
import { deviceJid, type SimContext } from '../context.js';
import { node, nowSeconds, readUInt, SERVER_JID } from '../nodes.js';
import type { Account, Device, SignedPreKey } from '../state/accounts.js';
import { randomPhone } from '../state/ids.js';

/** A connection that registered (no saved creds) and waits for a phone to scan one of its QRs. */
export interface PendingPairing {
  conn: SimConnection;
  refs: string[];
  registrationId: number;
  identityKey: Buffer;
  signedPreKey: SignedPreKey;
}

export interface PairResult {
  phone: string;
  lid: string;
  device: number;
  /** The device JID the client now uses as `creds.me.id`. */
  jid: string;
}

/** How many QR refs a registering client gets (Baileys shows one per ~20 s, then gives up). */
const REF_COUNT = 6;
const QR_PREFIX = 'https://wa.me/settings/linked_devices#';

/** Answers a registration login with `<pair-device>` refs; each becomes one QR on the client. */
export const startRegistration = (
  ctx: SimContext,
  conn: SimConnection,
  payload: proto.ClientPayload,
): void => {
  const data = payload.devicePairingData;
  const registrationId = readUInt(data?.eRegid ? Buffer.from(data.eRegid) : undefined);
  const skeyId = readUInt(data?.eSkeyId ? Buffer.from(data.eSkeyId) : undefined);
  if (
    !data?.eIdent ||
    !data.eSkeyVal ||
    !data.eSkeySig ||
    registrationId === undefined ||
    skeyId === undefined
  ) {
    conn.kick(node('failure', { reason: '400' }));
    return;
  }
  const pending: PendingPairing = {
    conn,
    refs: Array.from({ length: REF_COUNT }, () => randomBytes(16).toString('base64url')),
    registrationId,
    identityKey: Buffer.from(data.eIdent),
    signedPreKey: { id: skeyId, value: Buffer.from(data.eSkeyVal), signature: Buffer.from(data.eSkeySig) },
  };
  for (const ref of pending.refs) ctx.pairingRefs.set(ref, pending);
  const refs = pending.refs.map((ref) => node('ref', {}, Buffer.from(ref)));
  conn
    .query(node('iq', { type: 'set', xmlns: 'md', from: SERVER_JID }, [node('pair-device', {}, refs)]))
    .catch(() => undefined);
};

/**
 * Forgets every QR ref and phone-number code request of a connection (it closed or was paired); a
 * code being checked for it fails with `reason`.
 */
export const dropRefs = (ctx: SimContext, conn: SimConnection, reason = 'the companion went away'): void => {
  for (const [ref, pending] of ctx.pairingRefs) {
    if (pending.conn === conn) ctx.pairingRefs.delete(ref);
  }
  for (const [phone, pairing] of ctx.codePairings) {
    if (pairing.conn !== conn) continue;
    ctx.codePairings.delete(phone);
    pairing.attempt?.reject(new Error(reason));
    pairing.attempt = undefined;
  }
};

/** The waiting registration of a connection, if it has one. */
export const pendingFor = (ctx: SimContext, conn: SimConnection): PendingPairing | undefined => {
  for (const pending of ctx.pairingRefs.values()) if (pending.conn === conn) return pending;
  return undefined;
};

/**
 * What the phone does when it scans a QR: signs the companion's identity with the account key
 * (ADV), sends `pair-success`, waits for the client's signature, then asks it to restart (515).
 */
export const scanQr = async (ctx: SimContext, qr: string, phone?: string): Promise<PairResult> => {
  const fields = (qr.startsWith(QR_PREFIX) ? qr.slice(QR_PREFIX.length) : qr).split(',');
  const [ref, noiseB64, identityB64, advB64] = fields;
  if (!ref || !noiseB64 || !identityB64 || !advB64) throw new Error('not a WhatsApp pairing QR');
  const pending = ctx.pairingRefs.get(ref);
  if (!pending || pending.conn.closed) throw new Error('unknown or expired QR ref');
  const noiseKey = Buffer.from(noiseB64, 'base64');
  const identityKey = Buffer.from(identityB64, 'base64');
  if (!noiseKey.equals(pending.conn.clientStatic) || !identityKey.equals(pending.identityKey)) {
    throw new Error('QR keys do not match the waiting connection');
  }
  const account = ctx.accounts.create(phone ?? randomPhone());
  return completePairing(ctx, pending, account, Buffer.from(advB64, 'base64'), fields[4] ?? 'unknown');
};

/**
 * The end of both pairing flows (QR scan, phone-number code): the phone links a new device of
 * `account` to the waiting connection. It signs the companion's identity with the account key
 * (ADV, HMAC with `advSecret`), sends `pair-success`, waits for the client's signature, then asks
 * it to restart (515). Resolves once the client has accepted the pairing.
 */
export const completePairing = async (
  ctx: SimContext,
  pending: PendingPairing,
  account: Account,
  advSecret: Buffer,
  platform: string,
): Promise<PairResult> => {
  dropRefs(ctx, pending.conn, 'the device was paired another way');
  const id = account.nextDeviceId++;
  const { identityKey } = pending;
  const details = proto.ADVDeviceIdentity.encode({
    rawId: randomInt(1, 2 ** 31),
    timestamp: Math.floor(Date.now() / 1000),
    keyIndex: id,
  }).finish();
  const accountSignature = Curve.sign(
    account.identity.private,
    Buffer.concat([Buffer.from([6, 0]), details, identityKey]),
  );
  const signed = proto.ADVSignedDeviceIdentity.encode({
    details,
    accountSignatureKey: account.identity.public,
    accountSignature,
  }).finish();
  const hmac = hmacSign(signed, advSecret);
  const identity = proto.ADVSignedDeviceIdentityHMAC.encode({ details: signed, hmac }).finish();
  const device: Device = {
    id,
    keyIndex: id,
    noiseKey: pending.conn.clientStatic,
    identityKey,
    registrationId: pending.registrationId,
    signedPreKey: pending.signedPreKey,
    preKeys: [],
    platform,
    confirmed: false,
    pairedAt: Date.now(),
    conn: pending.conn,
    queue: [],
    // As WhatsApp does, the phone sends its history to each newly linked device (see login.ts).
    historyDue: account.history !== undefined,
  };
  account.devices.set(id, device);
  pending.conn.deviceKey = `${account.phone}:${id}`;
  const jid = deviceJid(account.phone, 's.whatsapp.net', id);
  const reply = await pending.conn.query(
    node('iq', { type: 'set', xmlns: 'md', from: SERVER_JID, t: nowSeconds() }, [
      node('pair-success', {}, [
        node('device-identity', {}, identity),
        node('platform', { name: 'smbi' }),
        node('device', { jid, lid: deviceJid(account.lid, 'lid', id) }),
      ]),
    ]),
  );
  if (reply.attrs.type !== 'result') {
    account.devices.delete(id);
    throw new Error('the client rejected pair-success');
  }
  device.confirmed = true;
  ctx.logger.info({ phone: account.phone, device: id }, 'device paired');
  // The real server also restarts the stream here; the client reconnects with its new creds.
  pending.conn.streamError(515);
  return { phone: account.phone, lid: account.lid, device: id, jid };
};
