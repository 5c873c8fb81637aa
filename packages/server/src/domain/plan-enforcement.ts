import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { Mode } from './types.js';

/**
 * The plan limits checked when something is created (sessions, webhook endpoints). They read the
 * limits fresh (creations are rare; a downgrade applies at once). A tenant without a subscription,
 * and the admin tenant, have no limits. Each mode has the plan's allowance: test-mode (sandbox)
 * sessions and endpoints do not use up live ones, as in Stripe's test mode.
 *
 * Both checks run in the creating transaction after `lockTenantLimits`, so the count and the insert
 * are one step for the tenant: creations racing on any number of servers never pass a limit.
 */
export class PlanEnforcement {
  constructor(private readonly storage: Storage) {}

  /** Called in the transaction that will insert the session, before the insert. */
  async checkSessionLimit(tenantId: string, mode: Mode, tx: Storage = this.storage): Promise<void> {
    await tx.lockTenantLimits(tenantId);
    const limits = await tx.limits.of(tenantId);
    if (!limits) return;
    const used = await tx.limits.sessions(tenantId, mode);
    if (used >= limits.maxSessions) {
      throw new AppError('SESSION_LIMIT_REACHED', {
        message: `The plan allows ${limits.maxSessions} session(s) and ${used} exist: delete one or upgrade the plan.`,
        details: { limit: limits.maxSessions, used },
      });
    }
  }

  /**
   * Called in the transaction that inserts the endpoint, before the insert (the lock is taken
   * first, so no other creation of the tenant is between the count and the insert).
   */
  async checkWebhookEndpointLimit(tenantId: string, mode: Mode, tx: Storage = this.storage): Promise<void> {
    await tx.lockTenantLimits(tenantId);
    const limits = await tx.limits.of(tenantId);
    if (!limits) return;
    const used = await tx.limits.webhookEndpoints(tenantId, mode);
    if (used >= limits.maxWebhookEndpoints) {
      throw new AppError('WEBHOOK_ENDPOINT_LIMIT_REACHED', {
        message: `The plan allows ${limits.maxWebhookEndpoints} webhook endpoint(s) and ${used} exist: delete one or upgrade the plan.`,
        details: { limit: limits.maxWebhookEndpoints, used },
      });
    }
  }
}
