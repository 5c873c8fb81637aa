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
import type { AuthContext, TokenAuthenticator } from './authentication.js';
import type { Principal } from './authorization.js';
import type { ApiKey, Page, PageParams } from './types.js';

const TOUCH_INTERVAL_MS = 60_000;
/** How long a verified key is trusted without a database read (revocation here is immediate). */
const AUTH_CACHE_MS = 5_000;
const AUTH_CACHE_MAX = 10_000;

export type Authenticated = Principal & { apiKey: ApiKey };

export class ApiKeysService implements TokenAuthenticator {
  readonly #lastTouched = new Map<string, number>();
  readonly #cache = new Map<string, { value: Authenticated; until: number }>();

  constructor(private readonly storage: Storage) {}

  async createFor(
    tx: Storage,
    tenantId: string,
    params: { name: string; mode: KeyMode },
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
      scopes: null,
      expiresAt: null,
      lastUsedIp: null,
      allowedIps: null,
      userId: null,
      graceUntil: null,
      replacedBy: null,
    };
    await tx.apiKeys.insert(apiKey, hashApiKey(key));
    return { apiKey, key };
  }

  /** A tenant creates keys for itself; the admin may create them for any tenant. */
  async create(
    principal: Principal,
    params: { name: string; mode?: KeyMode; tenantId?: string },
  ): Promise<{ apiKey: ApiKey; key: string }> {
    let tenantId = principal.tenant.id;
    if (params.tenantId && params.tenantId !== tenantId) {
      if (!principal.platformAdmin) throw new AppError('TENANT_NOT_FOUND', { param: 'tenant_id' });
      const target = await this.storage.tenants.get(params.tenantId);
      if (!target) throw new AppError('TENANT_NOT_FOUND', { param: 'tenant_id' });
      tenantId = target.id;
    }
    return this.createFor(this.storage, tenantId, { name: params.name, mode: params.mode ?? 'live' });
  }

  async list(principal: Principal, page: PageParams): Promise<Page<ApiKey>> {
    const rows = await this.storage.apiKeys.list(principal.tenant.id, page.limit + 1, page.startingAfter);
    return { data: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }

  async revoke(principal: Principal, id: string): Promise<ApiKey> {
    const existing = await this.storage.apiKeys.get(principal.tenant.id, id);
    if (!existing) throw new AppError('API_KEY_NOT_FOUND');
    await this.storage.apiKeys.revoke(principal.tenant.id, id, Date.now());
    for (const [hash, entry] of this.#cache) if (entry.value.apiKey.id === id) this.#cache.delete(hash);
    const revoked = await this.storage.apiKeys.get(principal.tenant.id, id);
    return revoked ?? existing;
  }

  /**
   * Resolves a bearer key to its tenant. The format and checksum are checked before any database
   * access; the stored hash is compared in constant time.
   */
  accepts(token: string): boolean {
    return token.startsWith('wagw_live_') || token.startsWith('wagw_test_');
  }

  async authenticate(key: string, _context: AuthContext = {}): Promise<Authenticated> {
    if (!parseApiKey(key)) throw new AppError('UNAUTHENTICATED', { message: 'The API key is malformed.' });
    const hash = hashApiKey(key);
    const cached = this.#cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.value;
    const value = await this.#lookup(hash);
    if (this.#cache.size >= AUTH_CACHE_MAX) this.#cache.clear();
    this.#cache.set(hash, { value, until: Date.now() + AUTH_CACHE_MS });
    return value;
  }

  async #lookup(hash: string): Promise<Authenticated> {
    const found = await this.storage.apiKeys.findByHash(hash);
    if (!found || !hashesEqual(found.hash, hash)) {
      throw new AppError('UNAUTHENTICATED', { message: 'The API key is not valid.' });
    }
    if (found.revokedAt !== null) {
      throw new AppError('UNAUTHENTICATED', { message: 'The API key has been revoked.' });
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
    this.#touch(found.id);
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

  /** `last_used_at` is written at most once a minute per key, off the request path. */
  #touch(id: string): void {
    const now = Date.now();
    if (now - (this.#lastTouched.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.#lastTouched.set(id, now);
    this.storage.apiKeys.touch(id, now).catch(() => this.#lastTouched.delete(id));
  }
}
