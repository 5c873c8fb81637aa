import { randomBytes, randomInt } from 'node:crypto';

/** A random 15-digit LID user part (WhatsApp LIDs are opaque numbers). */
export const randomLid = (): string =>
  `${randomInt(1, 10)}${randomInt(0, 1e7).toString().padStart(7, '0')}${randomInt(0, 1e7).toString().padStart(7, '0')}`;

/** A message id in the shape WhatsApp servers and clients use (upper-case hex). */
export const randomMessageId = (): string => `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;

/** A random phone number in the North American fictional 555 range. */
export const randomPhone = (): string => `1555${randomInt(0, 1e7).toString().padStart(7, '0')}`;
