import { newId } from '../../crypto/ids.js';
import { generateToken, hashToken, isToken } from '../../crypto/login-token-format.js';
import { AppError } from '../../errors/app-error.js';
import type { Storage } from '../../storage/storage.js';
import type { AuthContext, AuthenticatedPrincipal, TokenAuthenticator } from '../authentication.js';
import type { Tenant } from '../types.js';
import type { LoginSession, User } from './account-types.js';

export const ACCESS_TOKEN_TTL_MS = 60 * 60 * 1000;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const TOUCH_INTERVAL_MS = 60_000;

export interface IssuedTokens {
  session: LoginSession;
  accessToken: string;
  refreshToken: string;
}

function newPair(now: number) {
  const accessToken = generateToken('access');
  const refreshToken = generateToken('refresh');
  return {
    accessToken,
    refreshToken,
    hashes: {
      accessHash: hashToken(accessToken),
      refreshHash: hashToken(refreshToken),
      accessExpiresAt: now + ACCESS_TOKEN_TTL_MS,
      refreshExpiresAt: now + REFRESH_TOKEN_TTL_MS,
    },
  };
}

/**
 * Login sessions: an opaque access token (`wagw_at_…`, 1 h) and refresh token (`wagw_rt_…`,
 * 30 days, rotated on every refresh), stored only as SHA-256 hashes. It authenticates access tokens
 * as the user, with the role of their membership in the session's tenant.
 */
export class LoginTokensService implements TokenAuthenticator {
  readonly #lastTouched = new Map<string, number>();

  constructor(private readonly storage: Storage) {}

  async issue(
    tx: Storage,
    userId: string,
    tenantId: string,
    context: AuthContext & { userAgent?: string | undefined },
  ): Promise<IssuedTokens> {
    const now = Date.now();
    const { accessToken, refreshToken, hashes } = newPair(now);
    const session: LoginSession = {
      id: newId('lgs'),
      userId,
      tenantId,
      accessExpiresAt: hashes.accessExpiresAt,
      refreshExpiresAt: hashes.refreshExpiresAt,
      ip: context.ip ?? null,
      userAgent: context.userAgent?.slice(0, 500) ?? null,
      createdAt: now,
      lastUsedAt: now,
      revokedAt: null,
    };
    await tx.loginSessions.insert(session, hashes);
    return { session, accessToken, refreshToken };
  }

  /**
   * Swaps a refresh token for a new pair. A refresh token that was already swapped (it leaked, or
   * a client raced itself) revokes its whole login session: whoever holds the newer one must log
   * in again.
   */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const invalid = () =>
      new AppError('UNAUTHENTICATED', { message: 'The refresh token is not valid: log in again.' });
    if (!isToken('refresh', refreshToken)) throw invalid();
    const hash = hashToken(refreshToken);
    const now = Date.now();
    const outcome = await this.storage.transaction(async (tx) => {
      const session = await tx.loginSessions.findByRefreshHash(hash);
      if (!session) {
        const reusedIn = await tx.loginSessions.findByRetiredRefreshHash(hash);
        if (reusedIn) await tx.loginSessions.revoke(reusedIn, now);
        return reusedIn ? ('reused' as const) : ('unknown' as const);
      }
      if (session.revokedAt !== null) return 'revoked' as const;
      if (session.refreshExpiresAt <= now) return 'expired' as const;
      const { accessToken, refreshToken: next, hashes } = newPair(now);
      if (!(await tx.loginSessions.rotate(session.id, hash, hashes, now))) return 'reused' as const;
      const rotated: LoginSession = {
        ...session,
        accessExpiresAt: hashes.accessExpiresAt,
        refreshExpiresAt: hashes.refreshExpiresAt,
        lastUsedAt: now,
      };
      return { session: rotated, accessToken, refreshToken: next };
    });
    if (outcome === 'reused') {
      throw new AppError('UNAUTHENTICATED', {
        message: 'This refresh token was already used: its login session has been revoked. Log in again.',
      });
    }
    if (outcome === 'revoked') {
      throw new AppError('UNAUTHENTICATED', { message: 'The login session has been revoked: log in again.' });
    }
    if (outcome === 'expired') {
      throw new AppError('UNAUTHENTICATED', { message: 'The refresh token has expired: log in again.' });
    }
    if (outcome === 'unknown') throw invalid();
    return outcome;
  }

  accepts(token: string): boolean {
    return token.startsWith('wagw_at_');
  }

  async authenticate(token: string, context: AuthContext = {}): Promise<AuthenticatedPrincipal> {
    if (!isToken('access', token)) {
      throw new AppError('UNAUTHENTICATED', { message: 'The access token is malformed.' });
    }
    const session = await this.storage.loginSessions.findByAccessHash(hashToken(token));
    if (!session) throw new AppError('UNAUTHENTICATED', { message: 'The access token is not valid.' });
    if (session.revokedAt !== null) {
      throw new AppError('UNAUTHENTICATED', { message: 'The login session has been revoked: log in again.' });
    }
    if (session.accessExpiresAt <= Date.now()) {
      throw new AppError('UNAUTHENTICATED', {
        message: 'The access token has expired: refresh it with the refresh token.',
        details: { reason: 'access_token_expired' },
      });
    }
    const user = await this.storage.users.get(session.userId);
    if (!user || user.disabledAt !== null) {
      throw new AppError('UNAUTHENTICATED', { message: 'The user is disabled.' });
    }
    const found = session.tenantId === null ? undefined : await this.#membership(session.tenantId, user.id);
    if (!found) {
      throw new AppError('UNAUTHENTICATED', {
        message: 'You are no longer a member of the tenant this login session acts in: log in again.',
      });
    }
    this.#touch(session.id);
    return principalFor(user, found.tenant, found.role, session.id, context.ip);
  }

  async #membership(tenantId: string, userId: string) {
    const membership = await this.storage.memberships.get(tenantId, userId);
    if (!membership) return undefined;
    const tenant = await this.storage.tenants.get(tenantId);
    return tenant && { tenant, role: membership.role };
  }

  #touch(id: string): void {
    const now = Date.now();
    if (now - (this.#lastTouched.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
    if (this.#lastTouched.size > 10_000) this.#lastTouched.clear();
    this.#lastTouched.set(id, now);
    this.storage.loginSessions.touch(id, now).catch(() => this.#lastTouched.delete(id));
  }
}

/** The principal of a logged-in user acting in `tenant`. */
export function principalFor(
  user: User,
  tenant: Tenant,
  role: AuthenticatedPrincipal['role'],
  loginSessionId: string,
  ip?: string,
): AuthenticatedPrincipal {
  return {
    tenant,
    mode: 'live',
    role,
    platformAdmin: user.platformRole === 'super_admin' || (tenant.isAdmin && role === 'admin'),
    scopes: null,
    actor: { type: 'user', id: user.id, loginSessionId },
    apiKeyId: null,
    ip,
  };
}
