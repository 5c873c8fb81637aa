import { newId } from '../../crypto/ids.js';
import { generateToken, hashToken, isToken } from '../../crypto/login-token-format.js';
import { AppError } from '../../errors/app-error.js';
import { isUniqueViolation, type Storage } from '../../storage/storage.js';
import type { AuditLog } from '../audit-log.js';
import type { AuthContext } from '../authentication.js';
import type { TenantRole } from '../authorization.js';
import { authorize, type Principal } from '../authorization.js';
import type { TenantsService } from '../tenants-service.js';
import type { Tenant } from '../types.js';
import type { LoginSession, User } from './account-types.js';
import { type IssuedTokens, type LoginTokensService, principalFor } from './login-tokens-service.js';
import type { Mailer } from './mailer.js';
import { checkPassword, hashPassword, normaliseEmail, verifyDummy, verifyPassword } from './passwords.js';

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export type ClientContext = AuthContext & { userAgent?: string | undefined };

export interface LoggedIn extends IssuedTokens {
  user: User;
  tenant: Tenant;
}

/** Registration, logins, login sessions, passwords and the user's own profile. */
export class AccountsService {
  constructor(
    private readonly storage: Storage,
    private readonly tenants: TenantsService,
    private readonly tokens: LoginTokensService,
    private readonly audit: AuditLog,
    private readonly mailer: Mailer,
    /** Base URL of links in mails (`https://wagw.example.com`). */
    private readonly publicUrl: string,
    /** A reset mail that fails is reported here, not to the caller (who must not learn whether the email exists). */
    private readonly onMailError: (error: unknown) => void = () => {},
  ) {}

  /** A new user with a new tenant they administer, logged in. */
  async register(
    params: { email: string; password: string; name: string; tenantName: string },
    context: ClientContext,
  ): Promise<LoggedIn> {
    const email = normaliseEmail(params.email);
    checkPassword(params.password, email);
    const passwordHash = await hashPassword(params.password);
    try {
      return await this.storage.transaction(async (tx) => {
        if (await tx.users.findByEmail(email)) throw new AppError('EMAIL_TAKEN', { param: 'email' });
        const now = Date.now();
        const user: User = {
          id: newId('usr'),
          email,
          name: params.name,
          kind: 'person',
          platformRole: null,
          createdAt: now,
          updatedAt: now,
          disabledAt: null,
        };
        await tx.users.insert(user, passwordHash);
        const tenant = await this.tenants.createIn(tx, params.tenantName);
        await tx.memberships.insert({ tenantId: tenant.id, userId: user.id, role: 'admin', createdAt: now });
        const issued = await this.tokens.issue(tx, user.id, tenant.id, context);
        const principal = principalFor(user, tenant, 'admin', issued.session.id, context.ip);
        await this.audit.record(tx, principal, {
          action: 'user.registered',
          target: { type: 'user', id: user.id },
        });
        return { ...issued, user, tenant };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('EMAIL_TAKEN', { param: 'email' });
      throw error;
    }
  }

  /**
   * Email and password to a login session in the given tenant (default: the user's first). A wrong
   * email and a wrong password give the same INVALID_CREDENTIALS after the same work.
   */
  async login(
    params: { email: string; password: string; tenantId?: string | undefined },
    context: ClientContext,
  ): Promise<LoggedIn> {
    const email = params.email.trim().toLowerCase();
    const found = await this.storage.users.findByEmail(email);
    const ok =
      found?.passwordHash && found.disabledAt === null
        ? await verifyPassword(found.passwordHash, params.password)
        : await verifyDummy(params.password);
    const memberships = found ? await this.storage.memberships.listByUser(found.id) : [];
    const membership = params.tenantId
      ? memberships.find((m) => m.tenantId === params.tenantId)
      : memberships[0];
    const tenant = membership && (await this.storage.tenants.get(membership.tenantId));
    if (!found || !ok) {
      await this.storage.transaction((tx) =>
        this.audit.record(tx, null, {
          action: 'user.login_failed',
          tenantId: tenant?.id ?? null,
          target: found ? { type: 'user', id: found.id } : null,
          details: { email, ip: context.ip ?? null, reason: found ? 'wrong_password' : 'unknown_email' },
        }),
      );
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (!membership || !tenant) {
      throw new AppError(params.tenantId ? 'TENANT_NOT_FOUND' : 'FORBIDDEN', {
        message: params.tenantId
          ? 'You are not a member of that tenant.'
          : 'You are not a member of any tenant: accept an invite first.',
        ...(params.tenantId && { param: 'tenant_id' }),
      });
    }
    const user: User = { ...found };
    delete (user as Partial<typeof found>).passwordHash;
    return this.storage.transaction(async (tx) => {
      const issued = await this.tokens.issue(tx, user.id, tenant.id, context);
      const principal = principalFor(user, tenant, membership.role, issued.session.id, context.ip);
      await this.audit.record(tx, principal, { action: 'user.login', target: { type: 'user', id: user.id } });
      return { ...issued, user, tenant };
    });
  }

  refresh(refreshToken: string): Promise<IssuedTokens> {
    return this.tokens.refresh(refreshToken);
  }

  /** Ends the login session of the request (an API key has none: FORBIDDEN). */
  async logout(principal: Principal): Promise<void> {
    authorize(principal, 'account');
    const sessionId = loginSessionOf(principal);
    await this.storage.transaction(async (tx) => {
      await tx.loginSessions.revoke(sessionId, Date.now());
      await this.audit.record(tx, principal, {
        action: 'user.logout',
        target: { type: 'login_session', id: sessionId },
      });
    });
  }

  async listSessions(principal: Principal): Promise<Array<LoginSession & { current: boolean }>> {
    authorize(principal, 'account');
    const userId = userOf(principal);
    const current = principal.actor.type === 'user' ? principal.actor.loginSessionId : null;
    const sessions = await this.storage.loginSessions.listActive(userId, Date.now());
    return sessions.map((s) => ({ ...s, current: s.id === current }));
  }

  async revokeSession(principal: Principal, id: string): Promise<LoginSession> {
    authorize(principal, 'account');
    const userId = userOf(principal);
    return this.storage.transaction(async (tx) => {
      const session = await tx.loginSessions.get(id);
      if (!session || session.userId !== userId) throw new AppError('LOGIN_SESSION_NOT_FOUND');
      const now = Date.now();
      await tx.loginSessions.revoke(id, now);
      await this.audit.record(tx, principal, {
        action: 'login_session.revoked',
        target: { type: 'login_session', id },
      });
      return { ...session, revokedAt: session.revokedAt ?? now };
    });
  }

  /** Changes the password; every other login session of the user is revoked. */
  async changePassword(principal: Principal, current: string, next: string): Promise<void> {
    authorize(principal, 'account');
    const user = await this.#user(principal);
    const stored = await this.storage.users.passwordHash(user.id);
    if (!stored || !(await verifyPassword(stored, current))) {
      throw new AppError('INVALID_CREDENTIALS', {
        message: 'The current password is wrong.',
        param: 'current_password',
      });
    }
    checkPassword(next, user.email, 'new_password');
    const hash = await hashPassword(next);
    const keep = principal.actor.type === 'user' ? principal.actor.loginSessionId : undefined;
    await this.storage.transaction(async (tx) => {
      const now = Date.now();
      await tx.users.setPassword(user.id, hash, now);
      const revoked = await tx.loginSessions.revokeAllOfUser(user.id, now, keep);
      await tx.passwordResets.voidOpen(user.id, now);
      await this.audit.record(tx, principal, {
        action: 'user.password_changed',
        target: { type: 'user', id: user.id },
        details: { revoked_login_sessions: revoked.length },
      });
    });
  }

  /** Mails a reset link when the email belongs to a person; says nothing either way. */
  async requestPasswordReset(emailInput: string, context: ClientContext): Promise<void> {
    const email = emailInput.trim().toLowerCase();
    const user = await this.storage.users.findByEmail(email);
    if (user?.kind !== 'person' || user.disabledAt !== null) return;
    const token = generateToken('passwordReset');
    const now = Date.now();
    await this.storage.transaction(async (tx) => {
      await tx.passwordResets.insert({
        tokenHash: hashToken(token),
        userId: user.id,
        expiresAt: now + PASSWORD_RESET_TTL_MS,
        createdAt: now,
      });
      await this.audit.record(tx, null, {
        action: 'user.password_reset_requested',
        target: { type: 'user', id: user.id },
        details: { ip: context.ip ?? null },
      });
    });
    const link = `${this.publicUrl}/reset-password?token=${token}`;
    await this.#sendQuietly({
      to: user.email,
      subject: 'Reset your wagw password',
      text: `Someone asked to reset the password of your wagw account (${user.email}).\n\nTo choose a new password, open this link within an hour:\n${link}\n\nIf it was not you, ignore this mail: your password stays as it is.\n`,
    });
  }

  async #sendQuietly(mail: Parameters<Mailer['send']>[0]): Promise<void> {
    try {
      await this.mailer.send(mail);
    } catch (error) {
      this.onMailError(error);
    }
  }

  /** Sets a new password with a reset token (single use, 1 h); revokes every login session. */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    const invalid = new AppError('INVALID_TOKEN', {
      message: 'The password reset token is invalid, used or expired: ask for a new one.',
      param: 'token',
    });
    if (!isToken('passwordReset', token)) throw invalid;
    checkPassword(password, null);
    // Hashed first, outside the transaction (Argon2 is slow on purpose); a refused password rolls
    // the transaction back, so the link can be used again with a better one.
    const hash = await hashPassword(password);
    await this.storage.transaction(async (tx) => {
      const now = Date.now();
      const userId = await tx.passwordResets.consume(hashToken(token), now);
      const user = userId && (await tx.users.get(userId));
      if (!user) throw invalid;
      checkPassword(password, user.email);
      await tx.users.setPassword(user.id, hash, now);
      await tx.passwordResets.voidOpen(user.id, now);
      const revoked = await tx.loginSessions.revokeAllOfUser(user.id, now);
      await this.audit.record(tx, null, {
        action: 'user.password_reset',
        target: { type: 'user', id: user.id },
        details: { revoked_login_sessions: revoked.length },
      });
    });
  }

  async me(
    principal: Principal,
  ): Promise<{ user: User; memberships: Array<{ tenant: Tenant; role: TenantRole }> }> {
    authorize(principal, 'account');
    const user = await this.#user(principal);
    const memberships = await this.storage.memberships.listByUser(user.id);
    const out: Array<{ tenant: Tenant; role: TenantRole }> = [];
    for (const m of memberships) {
      const tenant = await this.storage.tenants.get(m.tenantId);
      if (tenant) out.push({ tenant, role: m.role });
    }
    return { user, memberships: out };
  }

  async updateMe(principal: Principal, params: { name?: string | undefined }) {
    authorize(principal, 'account');
    const user = await this.#user(principal);
    if (params.name !== undefined && params.name !== user.name) {
      await this.storage.transaction(async (tx) => {
        await tx.users.setName(user.id, params.name as string, Date.now());
        await this.audit.record(tx, principal, {
          action: 'user.updated',
          target: { type: 'user', id: user.id },
          details: { name: params.name },
        });
      });
    }
    return this.me(principal);
  }

  async #user(principal: Principal): Promise<User> {
    const user = await this.storage.users.get(userOf(principal));
    if (!user) throw new AppError('USER_NOT_FOUND');
    return user;
  }
}

/** The user behind a principal: a login session's, or the user an API key acts as. */
export function userOf(principal: Principal): string {
  if (principal.actor.type === 'user') return principal.actor.id;
  if (principal.actor.type === 'api_key' && principal.actor.userId) return principal.actor.userId;
  throw new AppError('USER_NOT_FOUND', {
    message: "This API key belongs to the tenant, not to a user: log in (or use a member's key).",
  });
}

function loginSessionOf(principal: Principal): string {
  if (principal.actor.type === 'user') return principal.actor.loginSessionId;
  throw new AppError('FORBIDDEN', {
    message: 'An API key has no login session to log out of: revoke the key instead.',
  });
}
