import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';

/**
 * The plan limits checked when something is created (sessions, webhook endpoints). They read the
 * limits fresh (creations are rare; a downgrade applies at once). A tenant without a subscription,
 * and the admin tenant, have no limits. The count and the insert are not one atomic step: creations
 * racing each other can pass a limit by the number in flight (the message quota, which matters
 * more, is exact; see UsageRepo).
 */
export class PlanEnforcement {
  constructor(private readonly storage: Storage) {}

  async checkSessionLimit(tenantId: string): Promise<void> {
    const limits = await this.storage.limits.of(tenantId);
    if (!limits) return;
    const used = await this.storage.limits.sessions(tenantId);
    if (used >= limits.maxSessions) {
      throw new AppError('SESSION_LIMIT_REACHED', {
        message: `The plan allows ${limits.maxSessions} session(s) and ${used} exist: delete one or upgrade the plan.`,
        details: { limit: limits.maxSessions, used },
      });
    }
  }

  /**
   * Called in the transaction that inserted the endpoint, after the insert (so the endpoint exists
   * from the first statement of its transaction): the count includes it.
   */
  async checkWebhookEndpointLimit(tenantId: string, tx: Storage = this.storage): Promise<void> {
    const limits = await tx.limits.of(tenantId);
    if (!limits) return;
    const used = (await tx.limits.webhookEndpoints(tenantId)) - 1;
    if (used >= limits.maxWebhookEndpoints) {
      throw new AppError('WEBHOOK_ENDPOINT_LIMIT_REACHED', {
        message: `The plan allows ${limits.maxWebhookEndpoints} webhook endpoint(s) and ${used} exist: delete one or upgrade the plan.`,
        details: { limit: limits.maxWebhookEndpoints, used },
      });
    }
  }
}
