import { newId } from '../../crypto/ids.js';
import { generateToken, hashToken, isToken } from '../../crypto/login-token-format.js';
import { AppError } from '../../errors/app-error.js';
import { isUniqueViolation, type Storage } from '../../storage/storage.js';
import type { AuditLog } from '../audit-log.js';
import type { TenantRole } from '../authorization.js';
import { authorize, type Principal } from '../authorization.js';
import type { Page, PageParams, Tenant } from '../types.js';
import type { Invite, Member, User } from './account-types.js';
import type { ClientContext, LoggedIn } from './accounts-service.js';
import { type LoginTokensService, principalFor } from './login-tokens-service.js';
import type { Mailer } from './mailer.js';
import { checkPassword, hashPassword, normaliseEmail } from './passwords.js';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const page = <T>(rows: T[], limit: number): Page<T> => ({
  data: rows.slice(0, limit),
  hasMore: rows.length > limit,
});

/** A tenant's members and their roles, invites, and service accounts. */
export class MembersService {
  constructor(
    private readonly storage: Storage,
    private readonly tokens: LoginTokensService,
    private readonly audit: AuditLog,
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
  ) {}

  async list(principal: Principal, params: PageParams): Promise<Page<Member>> {
    authorize(principal, 'members:manage');
    const rows = await this.storage.memberships.listByTenant(principal.tenant.id, {
      limit: params.limit + 1,
      startingAfter: params.startingAfter,
    });
    return page(rows, params.limit);
  }

  /** Makes a member an admin or a member. The last admin cannot step down (LAST_ADMIN). */
  async setRole(principal: Principal, userId: string, role: 'admin' | 'member'): Promise<Member> {
    authorize(principal, 'members:manage');
    const tenantId = principal.tenant.id;
    return this.storage.transaction(async (tx) => {
      const membership = await tx.memberships.get(tenantId, userId);
      const user = membership && (await tx.users.get(userId));
      if (!membership || !user) throw new AppError('MEMBER_NOT_FOUND');
      if (membership.role === 'service') {
        throw new AppError('VALIDATION_FAILED', {
          message: 'A service account keeps the "service" role.',
          param: 'role',
        });
      }
      if (membership.role !== role) {
        if (membership.role === 'admin') await this.#keepAnAdmin(tx, tenantId, userId);
        await tx.memberships.setRole(tenantId, userId, role);
        await this.audit.record(tx, principal, {
          action: 'member.role_changed',
          target: { type: 'user', id: userId },
          details: { from: membership.role, to: role },
        });
      }
      return { tenantId, user, role, createdAt: membership.createdAt };
    });
  }

  async remove(principal: Principal, userId: string): Promise<void> {
    authorize(principal, 'members:manage');
    const tenantId = principal.tenant.id;
    await this.storage.transaction(async (tx) => {
      const membership = await tx.memberships.get(tenantId, userId);
      if (!membership) throw new AppError('MEMBER_NOT_FOUND');
      if (membership.role === 'admin') await this.#keepAnAdmin(tx, tenantId, userId);
      await tx.memberships.delete(tenantId, userId);
      await this.audit.record(tx, principal, {
        action: 'member.removed',
        target: { type: 'user', id: userId },
        details: { role: membership.role },
      });
    });
  }

  async #keepAnAdmin(tx: Storage, tenantId: string, leaving: string): Promise<void> {
    const admins = await tx.memberships.adminsForUpdate(tenantId);
    if (!admins.some((id) => id !== leaving)) {
      throw new AppError('LAST_ADMIN', {
        message: 'This is the tenant’s last admin: make another member admin first.',
      });
    }
  }

  /** Invites an email to the tenant: a link with a single-use token (7 days) goes out by mail. */
  async invite(principal: Principal, params: { email: string; role: 'admin' | 'member' }): Promise<Invite> {
    authorize(principal, 'members:manage');
    const email = normaliseEmail(params.email);
    const token = generateToken('invite');
    const now = Date.now();
    const invite: Invite = {
      id: newId('ivt'),
      tenantId: principal.tenant.id,
      email,
      role: params.role,
      invitedBy: principal.actor.id,
      createdAt: now,
      expiresAt: now + INVITE_TTL_MS,
      acceptedAt: null,
      revokedAt: null,
    };
    await this.storage.transaction(async (tx) => {
      const existing = await tx.users.findByEmail(email);
      if (existing && (await tx.memberships.get(invite.tenantId, existing.id))) {
        throw new AppError('ALREADY_MEMBER', { param: 'email' });
      }
      await tx.invites.insert(invite, hashToken(token));
      await this.audit.record(tx, principal, {
        action: 'invite.created',
        target: { type: 'invite', id: invite.id },
        details: { email, role: params.role },
      });
    });
    const link = `${this.publicUrl}/accept-invite?token=${token}`;
    await this.mailer.send({
      to: email,
      subject: `You are invited to ${principal.tenant.name} on wagw`,
      text: `You are invited to join "${principal.tenant.name}" on wagw as ${params.role}.\n\nAccept within 7 days:\n${link}\n`,
    });
    return invite;
  }

  async listInvites(principal: Principal, params: PageParams): Promise<Page<Invite>> {
    authorize(principal, 'members:manage');
    const rows = await this.storage.invites.listOpen(
      principal.tenant.id,
      params.limit + 1,
      params.startingAfter,
    );
    return page(rows, params.limit);
  }

  async revokeInvite(principal: Principal, id: string): Promise<Invite> {
    authorize(principal, 'members:manage');
    return this.storage.transaction(async (tx) => {
      const invite = await tx.invites.get(principal.tenant.id, id);
      if (!invite || invite.acceptedAt !== null) throw new AppError('INVITE_NOT_FOUND');
      const now = Date.now();
      await tx.invites.revoke(principal.tenant.id, id, now);
      await this.audit.record(tx, principal, { action: 'invite.revoked', target: { type: 'invite', id } });
      return { ...invite, revokedAt: invite.revokedAt ?? now };
    });
  }

  /**
   * Accepts an invite. A logged-in user (`principal`) joins with their account when its email is
   * the invited one; otherwise `name` and `password` create the account. Either way the answer is a
   * login session in the invited tenant.
   */
  async accept(
    token: string,
    by: { principal: Principal | null; name?: string | undefined; password?: string | undefined },
    context: ClientContext,
  ): Promise<LoggedIn> {
    const invalid = new AppError('INVALID_TOKEN', {
      message: 'The invite token is invalid, used, revoked or expired.',
      param: 'token',
    });
    if (!isToken('invite', token)) throw invalid;
    const found = await this.storage.invites.findByTokenHash(hashToken(token));
    if (!found || found.acceptedAt !== null || found.revokedAt !== null || found.expiresAt <= Date.now()) {
      throw invalid;
    }
    let passwordHash: string | null = null;
    let userId: string | null = null;
    if (by.principal) {
      userId = acceptingUser(by.principal);
      const user = await this.storage.users.get(userId);
      if (!user || user.email !== found.email) {
        throw new AppError('FORBIDDEN', {
          message: `This invite is for ${found.email}: log in as that user.`,
        });
      }
    } else {
      if (!by.name || by.password === undefined) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'Send name and password to create your account, or accept while logged in.',
          param: by.name ? 'password' : 'name',
        });
      }
      checkPassword(by.password, found.email);
      passwordHash = await hashPassword(by.password);
    }
    try {
      return await this.storage.transaction(async (tx) => {
        if (!(await tx.invites.accept(found.id, Date.now()))) throw invalid;
        const tenant = await tx.tenants.get(found.tenantId);
        if (!tenant) throw invalid;
        const now = Date.now();
        let user: User | undefined;
        if (userId) {
          user = await tx.users.get(userId);
        } else {
          if (await tx.users.findByEmail(found.email)) {
            throw new AppError('EMAIL_TAKEN', {
              message: 'This email has an account: log in, then accept the invite.',
            });
          }
          user = {
            id: newId('usr'),
            email: found.email,
            name: by.name as string,
            kind: 'person',
            platformRole: null,
            createdAt: now,
            updatedAt: now,
            disabledAt: null,
          };
          await tx.users.insert(user, passwordHash);
        }
        if (!user) throw invalid;
        if (await tx.memberships.get(tenant.id, user.id)) throw new AppError('ALREADY_MEMBER');
        await tx.memberships.insert({
          tenantId: tenant.id,
          userId: user.id,
          role: found.role,
          createdAt: now,
        });
        const issued = await this.tokens.issue(tx, user.id, tenant.id, context);
        await this.audit.record(tx, principalFor(user, tenant, found.role, issued.session.id, context.ip), {
          action: 'invite.accepted',
          target: { type: 'invite', id: found.id },
          details: { role: found.role },
        });
        return { ...issued, user, tenant };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('EMAIL_TAKEN');
      throw error;
    }
  }

  /** A service account: a user without password, with the `service` role, acting through its keys. */
  async createServiceAccount(principal: Principal, name: string): Promise<Member> {
    authorize(principal, 'members:manage');
    const now = Date.now();
    const id = newId('usr');
    const user: User = {
      id,
      email: `${id.toLowerCase()}@service-accounts.invalid`,
      name,
      kind: 'service',
      platformRole: null,
      createdAt: now,
      updatedAt: now,
      disabledAt: null,
    };
    await this.storage.transaction(async (tx) => {
      await tx.users.insert(user, null);
      await tx.memberships.insert({
        tenantId: principal.tenant.id,
        userId: id,
        role: 'service',
        createdAt: now,
      });
      await this.audit.record(tx, principal, {
        action: 'service_account.created',
        target: { type: 'user', id },
        details: { name },
      });
    });
    return { tenantId: principal.tenant.id, user, role: 'service', createdAt: now };
  }

  async listServiceAccounts(principal: Principal, params: PageParams): Promise<Page<Member>> {
    authorize(principal, 'members:manage');
    const rows = await this.storage.memberships.listByTenant(principal.tenant.id, {
      limit: params.limit + 1,
      startingAfter: params.startingAfter,
      kind: 'service',
    });
    return page(rows, params.limit);
  }

  /** Every user of the instance with their memberships (the platform admin's view). */
  async listAllUsers(
    principal: Principal,
    params: PageParams,
  ): Promise<Page<{ user: User; memberships: Array<{ tenant: Tenant; role: TenantRole }> }>> {
    authorize(principal, 'platform:manage');
    const users = page(await this.storage.users.list(params.limit + 1, params.startingAfter), params.limit);
    const data = [];
    for (const user of users.data) {
      const memberships = [];
      for (const m of await this.storage.memberships.listByUser(user.id)) {
        const tenant = await this.storage.tenants.get(m.tenantId);
        if (tenant) memberships.push({ tenant, role: m.role });
      }
      data.push({ user, memberships });
    }
    return { data, hasMore: users.hasMore };
  }
}

function acceptingUser(principal: Principal): string {
  if (principal.actor.type === 'user') return principal.actor.id;
  throw new AppError('FORBIDDEN', { message: 'Accept an invite with a login token, not an API key.' });
}
