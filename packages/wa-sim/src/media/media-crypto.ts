import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hkdf, hkdfInfoKey, sha256 } from '@whiskeysockets/baileys';
import type { MediaType } from '../content/types.js';

const MAC_LENGTH = 10;

export interface EncryptedMedia {
  /** What is uploaded: AES-256-CBC ciphertext followed by a 10-byte HMAC-SHA256. */
  file: Buffer;
  mediaKey: Buffer;
  fileSha256: Buffer;
  fileEncSha256: Buffer;
  fileLength: number;
}

/** The keys Baileys' `getMediaKeys` derives (HKDF-SHA256 to 112 bytes, info by media type), synchronously. */
const mediaKeys = (mediaKey: Uint8Array, type: MediaType) => {
  const expanded = Buffer.from(hkdf(mediaKey, 112, { info: hkdfInfoKey(type) }));
  return {
    iv: expanded.subarray(0, 16),
    cipherKey: expanded.subarray(16, 48),
    macKey: expanded.subarray(48, 80),
  };
};

const mac = (macKey: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer =>
  createHmac('sha256', macKey).update(iv).update(ciphertext).digest().subarray(0, MAC_LENGTH);

/** Encrypts media as a WhatsApp client does before uploading it, under a random media key. */
export const encryptMedia = (data: Buffer, type: MediaType): EncryptedMedia => {
  const mediaKey = randomBytes(32);
  const { iv, cipherKey, macKey } = mediaKeys(mediaKey, type);
  const cipher = createCipheriv('aes-256-cbc', cipherKey, iv);
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  const file = Buffer.concat([ciphertext, mac(macKey, iv, ciphertext)]);
  return { file, mediaKey, fileSha256: sha256(data), fileEncSha256: sha256(file), fileLength: data.length };
};

/** Checks the MAC and decrypts an uploaded file; throws when the key does not fit. */
export const decryptMedia = (file: Buffer, mediaKey: Uint8Array, type: MediaType): Buffer => {
  const { iv, cipherKey, macKey } = mediaKeys(mediaKey, type);
  const ciphertext = file.subarray(0, file.length - MAC_LENGTH);
  const actual = file.subarray(file.length - MAC_LENGTH);
  if (actual.length !== MAC_LENGTH || !timingSafeEqual(mac(macKey, iv, ciphertext), actual)) {
    throw new Error('media MAC mismatch: wrong mediaKey or type');
  }
  const decipher = createDecipheriv('aes-256-cbc', cipherKey, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
};
