import { createHash } from 'node:crypto';
import type { NumberCheck } from '../../domain/contact-types.js';
import { behaviourFor } from './recipient-behaviour.js';

/**
 * Who has WhatsApp in the sandbox: every number but those that always fail (ending in 0003, see
 * docs/sandbox.md), each with a LID derived from its number, so a check answers the same on every
 * server and after restarts.
 */
export function sandboxCheck(phone: string): NumberCheck {
  if (behaviourFor(phone) === 'fails') return { phone, onWhatsApp: false, lid: null };
  return { phone, onWhatsApp: true, lid: sandboxLid(phone) };
}

/** `+14155550004` → a stable 15-digit LID (`1…@lid`). */
export function sandboxLid(phone: string): string {
  const hash = createHash('sha256').update(`sandbox-lid:${phone}`).digest();
  return `1${(hash.readBigUInt64BE(0) % 10n ** 14n).toString().padStart(14, '0')}@lid`;
}
