import type { SimConnection } from '../connection.js';
import { liveDevices, resolveJid, type SimContext } from '../context.js';
import {
  type BinaryNode,
  bytes,
  child,
  children,
  iqError,
  iqResult,
  node,
  readUInt,
  writeUInt,
} from '../nodes.js';
import type { Device } from '../state/accounts.js';

const deviceOf = (ctx: SimContext, conn: SimConnection): Device | undefined => {
  const [phone, id] = (conn.deviceKey ?? '').split(':');
  return phone ? ctx.accounts.get(phone)?.devices.get(Number(id)) : undefined;
};

const companionBundle = (device: Device): BinaryNode[] => {
  const preKey = device.preKeys.shift();
  const content = [
    node('registration', {}, writeUInt(device.registrationId, 4)),
    node('type', {}, Buffer.from([5])),
    node('identity', {}, device.identityKey),
    node('skey', {}, [
      node('id', {}, writeUInt(device.signedPreKey.id, 3)),
      node('value', {}, device.signedPreKey.value),
      node('signature', {}, device.signedPreKey.signature),
    ]),
  ];
  if (preKey) {
    content.push(node('key', {}, [node('id', {}, writeUInt(preKey.id, 3)), node('value', {}, preKey.value)]));
  }
  return content;
};

/** Pre-key bundles for `<key><user jid/>…</key>`: accounts' phones and companions, and contacts. */
const fetchBundles = async (ctx: SimContext, keyNode: BinaryNode): Promise<BinaryNode[]> => {
  const users: BinaryNode[] = [];
  for (const user of children(keyNode, 'user')) {
    const jid = user.attrs.jid ?? '';
    const party = resolveJid(ctx, jid);
    const deviceId = party?.device ?? 0;
    let content: BinaryNode[] | undefined;
    if (party?.kind === 'contact' && deviceId === 0) {
      content = await party.contact.signal.bundle();
    } else if (party?.kind === 'account' && deviceId === 0) {
      content = await party.account.primary.bundle();
    } else if (party?.kind === 'account') {
      const device = liveDevices(party.account).find((d) => d.id === deviceId);
      if (device) content = companionBundle(device);
    }
    users.push(node('user', { jid }, content ?? [node('error', { code: '404', text: 'item-not-found' })]));
  }
  return users;
};

/** `iq xmlns=encrypt`: pre-key count, upload, rotation, digest and bundle fetches. */
export const handleEncryptIq = async (
  ctx: SimContext,
  conn: SimConnection,
  iq: BinaryNode,
): Promise<BinaryNode> => {
  const device = deviceOf(ctx, conn);
  const keyNode = child(iq, 'key');
  if (keyNode) return iqResult(iq, [node('list', {}, await fetchBundles(ctx, keyNode))]);
  if (!device) return iqError(iq, 401, 'not-authorized');
  if (child(iq, 'count')) {
    return iqResult(iq, [node('count', { value: String(device.preKeys.length) })]);
  }
  if (child(iq, 'digest')) return iqResult(iq, [node('digest', {})]);
  const skeyNode = child(iq, 'skey') ?? child(child(iq, 'rotate'), 'skey');
  const list = child(iq, 'list');
  if (list) {
    const registrationId = readUInt(bytes(child(iq, 'registration')));
    const identity = bytes(child(iq, 'identity'));
    if (registrationId !== undefined) device.registrationId = registrationId;
    if (identity) device.identityKey = identity;
    for (const key of children(list, 'key')) {
      const id = readUInt(bytes(child(key, 'id')));
      const value = bytes(child(key, 'value'));
      if (id !== undefined && value) device.preKeys.push({ id, value });
    }
  }
  if (skeyNode) {
    const id = readUInt(bytes(child(skeyNode, 'id')));
    const value = bytes(child(skeyNode, 'value'));
    const signature = bytes(child(skeyNode, 'signature'));
    if (id !== undefined && value && signature) device.signedPreKey = { id, value, signature };
  }
  if (list || skeyNode) return iqResult(iq);
  return iqError(iq, 501, 'feature-not-implemented');
};
