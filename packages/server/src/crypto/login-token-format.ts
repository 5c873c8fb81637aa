import { createHash } from 'node:crypto';
import { randomBase62 } from './ids.js';

/**
 * Opaque account tokens: a type prefix and 43 base62 characters (~256 bits). Only their SHA-256
 * hash is stored, so a database leak does not leak a usable token.
 */
export const TOKEN_PREFIXES = {
  /** Access token of a login session (1 h). */
  access: 'wagw_at_',
  /** Refresh token of a login session (30 days, rotated on every use). */
  refresh: 'wagw_rt_',
  /** Password reset link (1 h, single use). */
  passwordReset: 'wagw_pr_',
  /** Invite link (7 days, single use). */
  invite: 'wagw_iv_',
} as const;
export type TokenKind = keyof typeof TOKEN_PREFIXES;

const BODY = /^[0-9A-Za-z]{43}$/;

export function generateToken(kind: TokenKind): string {
  return `${TOKEN_PREFIXES[kind]}${randomBase62(43)}`;
}

/** Whether `token` has the shape of a `kind` token (no I/O). */
export function isToken(kind: TokenKind, token: string): boolean {
  const prefix = TOKEN_PREFIXES[kind];
  return token.startsWith(prefix) && BODY.test(token.slice(prefix.length));
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
