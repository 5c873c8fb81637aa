import {
  displayPrefix,
  generateApiKey,
  hashApiKey,
  hashesEqual,
  type KeyMode,
  parseApiKey,
} from '../crypto/api-key-format.js';
import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import { expiryOf, graceSecondsOf, scopesForNewKey } from './api-key-params.js';
import type { AuditLog } from './audit-log.js';
import type { AuthContext, TokenAuthenticator } from './authentication.js';
import type { Principal, Scope } from './authorization.js';
import { ipAllowed, normaliseAllowList } from './ip-allow-list.js';
import type { ApiKey, Page, PageParams } from './types.js';

const TOUCH_INTERVAL_MS = 60_000;
/**
 * How long a verified key is trusted without a database read. Revocation, rotation and tenant
 * suspension clear the entries on the server that made the change; other servers see them within
 * this time.
 */
const AUTH_CACHE_MS = 5_000;
const AUTH_CACHE_MAX = 10_000;

export type Authenticated = Principal & { apiKey: ApiKey };

export interface NewKeyParams {
  name: string;
  mode: KeyMode;
  scopes?: Scope[] | null;
  expiresAt?: number | null;
  allowedIps?: string[] | null;
  userId?: string | null;
}

export interface CreateKeyParams {
  name: string;
  mode?: KeyMode | undefined;
  tenantId?: string | undefined;
  scopes?: string[] | undefined;
  expiresAt?: number | undefined;
  expiresInDays?: number | undefined;
  allowedIps?: string[] | undefined;
  userId?: string | undefined;
}

export class ApiKeysService implements TokenAuthenticator {
  readonly #lastTouched = new Map<string, number>();
  readonly #cache = new Map<string, { value: Authenticated; until: number }>();

  constructor(
    private readonly storage: Storage,
    private readonly audit: AuditLog,
  ) {}

  /** Inserts a key inside `tx` (no checks: callers validate). The full key is returned once. */
  async createFor(
    tx: Storage,
    tenantId: string,
    params: NewKeyParams,
  ): Promise<{ apiKey: ApiKey; key: string }> {
    const key = generateApiKey(params.mode);
    const apiKey: ApiKey = {
      id: newId('key'),
      tenantId,
      name: params.name,
      mode: params.mode,
      prefix: displayPrefix(key),
      createdAt: Date.now(),
      lastUsedAt: null,
      revokedAt: null,
      scopes: params.scopes ?? null,
      expiresAt: params.expiresAt ?? null,
      lastUsedIp: null,
      allowedIps: params.allowedIps ?? null,
      userId: params.userId ?? null,
      graceUntil: null,
      replacedBy: null,
    };
    await tx.apiKeys.insert(apiKey, hashApiKey(key));
    return { apiKey, key };
  }

  /**
   * A tenant creates keys for itself; the platform admin may create them for any tenant. Scopes
   * narrow the key (never beyond its creator's); `userId` makes it act as that member or service
   * account, with that member's role.
   */
  async create(principal: Principal, params: CreateKeyParams): Promise<{ apiKey: ApiKey; key: string }> {
    let tenantId = principal.tenant.id;
    if (params.tenantId && params.tenantId !== tenantId) {
      if (!principal.platformAdmin) throw new AppError('TENANT_NOT_FOUND', { param: 'tenant_id' });
      const target = await this.storage.tenants.get(params.tenantId);
      if (!target) throw new AppError('TENANT_NOT_FOUND', { param: 'tenant_id' });
      tenantId = target.id;
    }
    const mode = params.mode ?? principal.mode;
    if (principal.mode === 'test' && mode === 'live') {
      throw new AppError('FORBIDDEN', { message: 'A test key cannot create live keys.', param: 'mode' });
    }
    const scopes = scopesForNewKey(principal, params.scopes);
    const expiresAt = expiryOf(params, Date.now());
    const allowedIps = params.allowedIps === undefined ? null : normaliseAllowList(params.allowedIps);
    if (params.userId !== undefined && !(await this.storage.memberships.get(tenantId, params.userId))) {
      throw new AppError('MEMBER_NOT_FOUND', {
        message: 'user_id is not a member or service account of this tenant.',
        param: 'user_id',
      });
    }
    return this.storage.transaction(async (tx) => {
      const created = await this.createFor(tx, tenantId, {
        name: params.name,
        mode,
        scopes,
        expiresAt,
        allowedIps,
        userId: params.userId ?? null,
      });
      await this.audit.record(tx, principal, {
        action: 'api_key.created',
        tenantId,
        target: { type: 'api_key', id: created.apiKey.id },
        details: { name: params.name, mode, scopes, expires_at: expiresAt, user_id: params.userId ?? null },
      });
      return created;
    });
  }

  async list(principal: Principal, page: PageParams): Promise<Page<ApiKey>> {
    const rows = await this.storage.apiKeys.list(principal.tenant.id, page.limit + 1, page.startingAfter);
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  async revoke(principal: Principal, id: string): Promise<ApiKey> {
    const tenantId = principal.tenant.id;
    const revoked = await this.storage.transaction(async (tx) => {
      const existing = await tx.apiKeys.get(tenantId, id);
      if (!existing) throw new AppError('API_KEY_NOT_FOUND');
      if (existing.revokedAt !== null) return existing;
      await tx.apiKeys.revoke(tenantId, id, Date.now());
      await this.audit.record(tx, principal, { action: 'api_key.revoked', target: { type: 'api_key', id } });
      return (await tx.apiKeys.get(tenantId, id)) ?? existing;
    });
    this.forgetKeys([id]);
    return revoked;
  }

  /**
   * Replaces a key with a new one of the same name, mode, scopes, allow-list and owner (and the
   * same lifetime, from now, when it had one). The old key keeps working for `graceSeconds`
   * (0: revoked at once), then answers 401 naming its replacement.
   */
  async rotate(
    principal: Principal,
    id: string,
    graceSeconds?: number,
  ): Promise<{ apiKey: ApiKey; key: string; replaced: ApiKey }> {
    const grace = graceSecondsOf(graceSeconds);
    const tenantId = principal.tenant.id;
    const result = await this.storage.transaction(async (tx) => {
      const old = await tx.apiKeys.get(tenantId, id);
      if (!old) throw new AppError('API_KEY_NOT_FOUND');
      if (old.revokedAt !== null || old.replacedBy !== null) {
        throw new AppError('API_KEY_STATE_CONFLICT', {
          message:
            old.revokedAt !== null
              ? 'The API key is revoked.'
              : `The API key was already rotated (replaced by ${old.replacedBy}).`,
        });
      }
      const now = Date.now();
      const created = await this.createFor(tx, tenantId, {
        name: old.name,
        mode: old.mode,
        scopes: old.scopes,
        expiresAt: old.expiresAt === null ? null : now + Math.max(0, old.expiresAt - old.createdAt),
        allowedIps: old.allowedIps,
        userId: old.userId,
      });
      const graceUntil = now + grace * 1000;
      const changed = await tx.apiKeys.markRotated(tenantId, id, {
        replacedBy: created.apiKey.id,
        graceUntil,
        revokeAt: grace === 0 ? now : null,
      });
      if (!changed)
        throw new AppError('API_KEY_STATE_CONFLICT', {
          message: 'The API key was rotated or revoked meanwhile.',
        });
      await this.audit.record(tx, principal, {
        action: 'api_key.rotated',
        target: { type: 'api_key', id },
        details: { replaced_by: created.apiKey.id, grace_until: graceUntil },
      });
      const replaced = (await tx.apiKeys.get(tenantId, id)) ?? old;
      return { ...created, replaced };
    });
    this.forgetKeys([id]);
    return result;
  }

  /** Drops cached verifications of these keys (after a revocation or rotation here). */
  forgetKeys(ids: readonly string[]): void {
    for (const [hash, entry] of this.#cache)
      if (ids.includes(entry.value.apiKey.id)) this.#cache.delete(hash);
  }

  /** Drops cached verifications of a tenant's keys (after its suspension or reactivation here). */
  forgetTenant(tenantId: string): void {
    for (const [hash, entry] of this.#cache) if (entry.value.tenant.id === tenantId) this.#cache.delete(hash);
  }

  accepts(token: string): boolean {
    return token.startsWith('wagw_live_') || token.startsWith('wagw_test_');
  }

  /**
   * Resolves a bearer key to its principal. The format and checksum are checked before any
   * database access; the stored hash is compared in constant time. Expiry, the end of a rotation's
   * grace period and the IP allow-list are checked on every request, cached or not.
   */
  async authenticate(key: string, context: AuthContext = {}): Promise<Authenticated> {
    if (!parseApiKey(key)) throw new AppError('UNAUTHENTICATED', { message: 'The API key is malformed.' });
    const hash = hashApiKey(key);
    const cached = this.#cache.get(hash);
    let value: Authenticated;
    if (cached && cached.until > Date.now()) {
      value = cached.value;
    } else {
      value = await this.#lookup(hash);
      if (this.#cache.size >= AUTH_CACHE_MAX) this.#cache.clear();
      this.#cache.set(hash, { value, until: Date.now() + AUTH_CACHE_MS });
    }
    checkUsable(value.apiKey, context, Date.now());
    this.#touch(value.apiKey.id, context.ip);
    return value;
  }

  async #lookup(hash: string): Promise<Authenticated> {
    const found = await this.storage.apiKeys.findByHash(hash);
    if (!found || !hashesEqual(found.hash, hash)) {
      throw new AppError('UNAUTHENTICATED', { message: 'The API key is not valid.' });
    }
    if (found.revokedAt !== null) {
      throw new AppError('UNAUTHENTICATED', {
        message:
          found.replacedBy === null
            ? 'The API key has been revoked.'
            : `The API key was rotated and has been revoked; use its replacement (${found.replacedBy}).`,
        ...(found.replacedBy !== null && { details: { replaced_by: found.replacedBy } }),
      });
    }
    const tenant = await this.storage.tenants.get(found.tenantId);
    if (!tenant) throw new AppError('UNAUTHENTICATED');
    // A key of the tenant itself acts as its admin; a user's or service account's key, as that
    // member, for as long as it is one.
    let role: Principal['role'] = 'admin';
    if (found.userId !== null) {
      const membership = await this.storage.memberships.get(tenant.id, found.userId);
      if (!membership) {
        throw new AppError('UNAUTHENTICATED', { message: "The API key's owner is no longer a member." });
      }
      role = membership.role;
    }
    const { hash: _hash, ...apiKey } = found;
    return {
      tenant,
      mode: apiKey.mode,
      role,
      platformAdmin: tenant.isAdmin && role === 'admin',
      scopes: apiKey.scopes,
      actor: { type: 'api_key', id: apiKey.id, userId: apiKey.userId },
      apiKeyId: found.id,
      apiKey,
    };
  }

  /** `last_used_at` and `last_used_ip` are written at most once a minute per key, off the request path. */
  #touch(id: string, ip: string | undefined): void {
    const now = Date.now();
    if (now - (this.#lastTouched.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.#lastTouched.set(id, now);
    this.storage.apiKeys.touch(id, now, ip ?? null).catch(() => this.#lastTouched.delete(id));
  }
}

function checkUsable(apiKey: ApiKey, context: AuthContext, now: number): void {
  if (apiKey.expiresAt !== null && now >= apiKey.expiresAt) {
    throw new AppError('API_KEY_EXPIRED', {
      message: `The API key expired at ${new Date(apiKey.expiresAt).toISOString()}.`,
    });
  }
  if (apiKey.graceUntil !== null && now >= apiKey.graceUntil) {
    throw new AppError('UNAUTHENTICATED', {
      message: `The API key was rotated; its grace period ended at ${new Date(apiKey.graceUntil).toISOString()}. Use its replacement (${apiKey.replacedBy}).`,
      details: { replaced_by: apiKey.replacedBy },
    });
  }
  if (apiKey.allowedIps !== null && !ipAllowed(context.ip, apiKey.allowedIps)) {
    throw new AppError('IP_NOT_ALLOWED', {
      message: `The API key may not be used from ${context.ip ?? 'an unknown address'}.`,
    });
  }
}
