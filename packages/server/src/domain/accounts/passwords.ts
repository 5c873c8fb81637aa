import { AppError } from '../../errors/app-error.js';

// Loaded on first use: a server that never sees a login does not pay for the native module at start.
let argon2: Promise<typeof import('@node-rs/argon2')> | undefined;
const lib = () => {
  argon2 ??= import('@node-rs/argon2');
  return argon2;
};

/** OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane (also @node-rs/argon2's defaults). */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** Argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
export async function hashPassword(password: string): Promise<string> {
  return (await lib()).hash(password, ARGON2);
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await (await lib()).verify(phc, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * Verifies against a throwaway hash, so a login for an unknown email takes as long as one with a
 * wrong password (no user enumeration by timing).
 */
export async function verifyDummy(password: string): Promise<false> {
  dummy ??= hashPassword('wagw dummy password for constant-time login');
  await verifyPassword(await dummy, password);
  return false;
}

/**
 * The password policy: at least 10 characters, at most 256, not the email (nor its local part).
 * Throws WEAK_PASSWORD with `details.reason` (`too_short`, `too_long`, `matches_email`).
 */
export function checkPassword(password: string, email: string | null, param = 'password'): void {
  const fail = (reason: string, message: string) => {
    throw new AppError('WEAK_PASSWORD', { message, param, details: { reason } });
  };
  if (password.length < MIN_PASSWORD_LENGTH) {
    fail('too_short', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    fail('too_long', `The password may have at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
  if (email !== null) {
    const lower = password.trim().toLowerCase();
    const local = email.split('@')[0] ?? '';
    if (lower === email || (local.length >= MIN_PASSWORD_LENGTH && lower === local)) {
      fail('matches_email', 'The password must not be your email address.');
    }
  }
}

const EMAIL_RE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Lower-cased and trimmed; INVALID_EMAIL-style VALIDATION_FAILED when it is not an address. */
export function normaliseEmail(email: string, param = 'email'): string {
  const normal = email.trim().toLowerCase();
  if (normal.length > 254 || !EMAIL_RE.test(normal)) {
    throw new AppError('VALIDATION_FAILED', { message: 'The email address is not valid.', param });
  }
  return normal;
}
