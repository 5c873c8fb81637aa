import { AppError } from '../errors/app-error.js';
import { grantedScopes, type Principal, SCOPES, type Scope } from './authorization.js';

const DAY_MS = 86_400_000;
/** The longest a rotated key keeps working next to its replacement. */
export const MAX_GRACE_SECONDS = 7 * 86_400;
export const DEFAULT_GRACE_SECONDS = 86_400;

/**
 * The scopes a new key gets. Requested scopes must be known and held by the creator (a key can
 * never make a key stronger than itself); omitted, the key gets what its creator holds: null
 * ("all the owner's role allows") when the creator is unscoped.
 */
export function scopesForNewKey(
  principal: Principal,
  requested: readonly string[] | undefined,
): Scope[] | null {
  if (requested === undefined) return principal.scopes === null ? null : grantedScopes(principal);
  const unknown = requested.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: `Unknown scope "${unknown[0]}"; scopes are ${SCOPES.join(', ')}.`,
      param: 'scopes',
    });
  }
  const held = grantedScopes(principal);
  const beyond = requested.filter((s) => !held.includes(s as Scope));
  if (beyond.length > 0) {
    throw new AppError('INSUFFICIENT_SCOPE', {
      message: `A key cannot be given a scope its creator lacks ("${beyond[0]}").`,
      param: 'scopes',
      details: { required_scope: beyond[0] },
    });
  }
  return [...new Set(requested as Scope[])];
}

/** `expires_at` (epoch ms) or `expires_in_days`, not both; always in the future. */
export function expiryOf(
  params: { expiresAt?: number | undefined; expiresInDays?: number | undefined },
  now: number,
): number | null {
  if (params.expiresAt !== undefined && params.expiresInDays !== undefined) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'Give expires_at or expires_in_days, not both.',
      param: 'expires_at',
    });
  }
  if (params.expiresInDays !== undefined) return now + params.expiresInDays * DAY_MS;
  if (params.expiresAt === undefined) return null;
  if (!Number.isFinite(params.expiresAt) || params.expiresAt <= now) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'expires_at must be a time in the future.',
      param: 'expires_at',
    });
  }
  return params.expiresAt;
}

export function graceSecondsOf(value: number | undefined): number {
  const seconds = value ?? DEFAULT_GRACE_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_GRACE_SECONDS) {
    throw new AppError('VALIDATION_FAILED', {
      message: `grace_period_seconds must be an integer from 0 to ${MAX_GRACE_SECONDS} (7 days).`,
      param: 'grace_period_seconds',
    });
  }
  return seconds;
}
