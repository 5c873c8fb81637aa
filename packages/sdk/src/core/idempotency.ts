import { WagwError } from './errors.js';

/** The header every POST carries, so a retried POST is applied at most once by the server. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

const MAX_KEY_LENGTH = 255;

/** A fresh random key (UUID v4). */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** The caller's key when given (checked against the server's limits), else a fresh one. */
export function resolveIdempotencyKey(given: string | undefined): string {
  if (given === undefined) return newIdempotencyKey();
  if (given.length === 0 || given.length > MAX_KEY_LENGTH) {
    throw new WagwError(`idempotencyKey must be 1 to ${MAX_KEY_LENGTH} characters long.`);
  }
  return given;
}
