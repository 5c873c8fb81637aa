import type { proto } from '@whiskeysockets/baileys';
import { deliverToDevice, deviceJid } from '../context.js';
import { PhoneSignal } from '../history/phone-signal.js';
import { node, nowSeconds } from '../nodes.js';
import type { Account, Device } from '../state/accounts.js';

/**
 * The account's phone (device 0) sends one of its linked devices a peer message (Signal-encrypted,
 * `category=peer`), as it does for app-state keys and history sync; held while the device is away.
 */
export const sendFromPhone = async (
  account: Account,
  device: Device,
  id: string,
  message: proto.IMessage,
): Promise<void> => {
  account.phoneSignal ??= new PhoneSignal(account.identity, account.primary.registrationId);
  const enc = await account.phoneSignal.encrypt(deviceJid(account.lid, 'lid', device.id), device, message);
  const stanza = node(
    'message',
    {
      from: `${account.lid}@lid`,
      sender_pn: `${account.phone}@s.whatsapp.net`,
      id,
      t: nowSeconds(),
      type: 'text',
      category: 'peer',
      push_priority: 'high_force',
    },
    [node('enc', { v: '2', type: enc.type }, enc.ciphertext)],
  );
  deliverToDevice(device, stanza);
};
