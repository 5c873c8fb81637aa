import type { Logger } from 'pino';
import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import type { Storage } from '../storage/storage.js';
import type { AuditLog } from './audit-log.js';
import { authorize, type Principal } from './authorization.js';
import type { ClosedPeriod, PeriodClosedListener } from './billing-period.js';
import type { Plan, Subscription } from './plan-types.js';
import type { PlansService } from './plans-service.js';
import { rolledOver, startOn, switchNow } from './subscription-periods.js';
import type { TenantLimitsCache } from './tenant-limits-cache.js';
import type { Tenant } from './types.js';

export type ChangeAt = 'now' | 'period_end';

export interface SubscriptionView {
  subscription: Subscription;
  plan: Plan;
  pendingPlan: Plan | null;
}

const conflict = (message: string) => new AppError('SUBSCRIPTION_STATE_CONFLICT', { message });
const live = (s: Subscription): boolean => s.status !== 'canceled';

/**
 * Subscriptions: a tenant's plan over UTC-month periods. Every change is one transaction with its
 * audit entry; a period that ends (a rollover, or a change that takes effect now) is handed to the
 * `onPeriodClosed` listeners (invoicing) in the transaction that closes it. Trials are not billed
 * periods: their end is not passed to the listeners.
 */
export class SubscriptionsService {
  readonly #closed: PeriodClosedListener[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly plans: PlansService,
    private readonly audit: AuditLog,
    private readonly limits: TenantLimitsCache,
    private readonly logger: Logger,
    /** The plan code new tenants are subscribed to, and cancellations fall back to. */
    private readonly defaultPlan: string | undefined,
  ) {}

  /** Runs in the transaction that closes a period (a rollover, or a plan change taking effect now). */
  onPeriodClosed(listener: PeriodClosedListener): void {
    this.#closed.push(listener);
  }

  async get(principal: Principal, tenantId = principal.tenant.id): Promise<SubscriptionView> {
    authorize(principal, 'billing:read', { tenantId });
    const subscription = await this.storage.subscriptions.getByTenant(tenantId);
    if (!subscription) throw new AppError('SUBSCRIPTION_NOT_FOUND');
    return this.#view(this.storage, subscription);
  }

  /**
   * Subscribes the tenant to a plan, starting now (a trial when the plan has trial days and the
   * tenant never had a trial). Allowed without a subscription, after one ended, or from a free
   * plan; a paid subscription changes plan with `change()`.
   */
  async subscribe(principal: Principal, planRef: string): Promise<SubscriptionView> {
    authorize(principal, 'billing:manage');
    const tenantId = principal.tenant.id;
    return this.#write(tenantId, async (tx, current, now) => {
      const plan = await this.#choosable(tx, planRef);
      if (current && live(current)) {
        const currentPlan = await this.plans.resolve(tx, current.planId);
        if (currentPlan.priceCents > 0) {
          throw conflict(
            'The tenant is subscribed already: change the plan with POST /v1/subscription/change.',
          );
        }
        if (currentPlan.id === plan.id) throw conflict(`The tenant is on the ${plan.code} plan already.`);
        await this.#close(tx, current, now);
      }
      const next = startOn(plan, now, {
        id: current?.id ?? newId('sub'),
        tenantId,
        createdAt: current?.createdAt ?? now,
        trialEnd: current?.trialEnd ?? null,
      });
      await this.#audit(tx, principal, 'subscription.created', next, {
        plan: plan.code,
        status: next.status,
      });
      return next;
    });
  }

  /**
   * Changes the plan, now (the current period closes now and a new one starts) or at the period
   * end (`pending_plan_id`). By default upgrades (a higher price) apply now, downgrades at the
   * period end. Choosing the current plan again drops a pending change.
   */
  async change(principal: Principal, planRef: string, at?: ChangeAt): Promise<SubscriptionView> {
    authorize(principal, 'billing:manage');
    return this.#write(principal.tenant.id, async (tx, current, now) => {
      if (!current || !live(current))
        throw new AppError('SUBSCRIPTION_NOT_FOUND', { message: 'Subscribe to a plan first.' });
      const plan = await this.#choosable(tx, planRef);
      const from = await this.plans.resolve(tx, current.planId);
      if (plan.id === from.id) {
        if (current.pendingPlanId === null) throw conflict(`The tenant is on the ${plan.code} plan already.`);
        const next = { ...current, pendingPlanId: null, updatedAt: now };
        await this.#audit(tx, principal, 'subscription.change_dropped', next, { plan: plan.code });
        return next;
      }
      const when = at ?? (plan.priceCents > from.priceCents ? 'now' : 'period_end');
      if (when === 'period_end') {
        const next = { ...current, pendingPlanId: plan.id, updatedAt: now };
        await this.#audit(tx, principal, 'subscription.change_scheduled', next, {
          from_plan: from.code,
          to_plan: plan.code,
          at: current.currentPeriodEnd,
        });
        return next;
      }
      await this.#close(tx, current, now);
      const next = switchNow(current, plan, now);
      await this.#audit(tx, principal, 'subscription.plan_changed', next, {
        from_plan: from.code,
        to_plan: plan.code,
      });
      return next;
    });
  }

  /** Cancels at the period end (the tenant keeps its plan until then). */
  async cancel(principal: Principal): Promise<SubscriptionView> {
    authorize(principal, 'billing:manage');
    return this.#write(principal.tenant.id, async (tx, current, now) => {
      if (!current || !live(current)) throw new AppError('SUBSCRIPTION_NOT_FOUND');
      if (current.cancelAtPeriodEnd)
        throw conflict('The subscription is set to cancel at the period end already.');
      const next = { ...current, cancelAtPeriodEnd: true, canceledAt: now, updatedAt: now };
      await this.#audit(tx, principal, 'subscription.cancel_scheduled', next, {
        at: current.currentPeriodEnd,
      });
      return next;
    });
  }

  /** Undoes a cancellation that has not taken effect yet. */
  async resume(principal: Principal): Promise<SubscriptionView> {
    authorize(principal, 'billing:manage');
    return this.#write(principal.tenant.id, async (tx, current, now) => {
      if (!current || !live(current)) throw new AppError('SUBSCRIPTION_NOT_FOUND');
      if (!current.cancelAtPeriodEnd) throw conflict('The subscription is not set to cancel.');
      const next = { ...current, cancelAtPeriodEnd: false, canceledAt: null, updatedAt: now };
      await this.#audit(tx, principal, 'subscription.resumed', next, {});
      return next;
    });
  }

  /** The platform admin puts a tenant on a plan now (archived plans too; no trial). */
  async setPlan(principal: Principal, tenantId: string, planRef: string): Promise<SubscriptionView> {
    authorize(principal, 'platform:manage');
    const tenant = await this.storage.tenants.get(tenantId);
    if (!tenant) throw new AppError('TENANT_NOT_FOUND');
    return this.#write(tenantId, async (tx, current, now) => {
      const plan = await this.plans.resolve(tx, planRef);
      let next: Subscription;
      if (current && live(current)) {
        await this.#close(tx, current, now);
        next = switchNow(current, plan, now);
      } else {
        const base = { id: current?.id ?? newId('sub'), tenantId, createdAt: current?.createdAt ?? now };
        next = startOn(plan, now, { ...base, trialEnd: current?.trialEnd ?? null }, false);
      }
      const from = current ? (await this.plans.resolve(tx, current.planId)).code : null;
      await this.#audit(tx, principal, 'subscription.plan_changed', next, {
        from_plan: from,
        to_plan: plan.code,
      });
      return next;
    });
  }

  /** Subscribes a tenant being created to the default plan (a tenant lifecycle listener). */
  async subscribeDefault(tx: Storage, tenant: Tenant): Promise<void> {
    if (!this.defaultPlan || tenant.isAdmin) return;
    const plan = await this.plans.resolve(tx, this.defaultPlan);
    const now = Date.now();
    const sub = startOn(plan, now, { id: newId('sub'), tenantId: tenant.id, createdAt: now, trialEnd: null });
    await tx.subscriptions.insert(sub);
    await this.audit.record(tx, null, {
      action: 'subscription.created',
      tenantId: tenant.id,
      target: { type: 'subscription', id: sub.id },
      details: { plan: plan.code, status: sub.status, default: true },
    });
  }

  /**
   * Rolls every subscription whose period has ended over to its next period, each in one
   * transaction: the closed period goes to the listeners, then a pending plan or cancellation takes
   * effect. Safe on many servers at once: the write is conditional on the period end it read, so a
   * period is closed exactly once (the loser's transaction rolls back, listeners' writes with it).
   * Returns how many it rolled over.
   */
  async renewDue(now = Date.now()): Promise<number> {
    let renewed = 0;
    const failed = new Set<string>();
    for (let round = 0; round < 100; round++) {
      const due = (await this.storage.subscriptions.listDue(now, 100)).filter((s) => !failed.has(s.id));
      if (due.length === 0) break;
      for (const sub of due) {
        try {
          if (await this.#renew(sub, now)) renewed++;
        } catch (error) {
          failed.add(sub.id);
          this.logger.error(
            { err: error, subscriptionId: sub.id },
            'subscription rollover failed; will retry',
          );
        }
      }
    }
    return renewed;
  }

  async #renew(sub: Subscription, now: number): Promise<boolean> {
    const fallback = this.defaultPlan ? await this.storage.plans.getByCode(this.defaultPlan) : undefined;
    const won = await this.storage.transaction(async (tx) => {
      const next = rolledOver(sub, fallback, now);
      if (!(await tx.subscriptions.replace(next, sub))) return false;
      if (sub.status !== 'trialing') await this.#notifyClosed(tx, sub, sub.currentPeriodEnd);
      const [from, to] = [sub.planId, next.planId];
      await this.audit.record(tx, null, {
        action: next.status === 'canceled' ? 'subscription.canceled' : 'subscription.renewed',
        tenantId: sub.tenantId,
        target: { type: 'subscription', id: sub.id },
        details: {
          period_start: sub.currentPeriodStart,
          period_end: sub.currentPeriodEnd,
          ...(from !== to && { from_plan_id: from, to_plan_id: to }),
        },
      });
      return true;
    });
    if (won) this.limits.invalidate(sub.tenantId);
    return won;
  }

  async #close(tx: Storage, sub: Subscription, now: number): Promise<void> {
    if (sub.status !== 'trialing') await this.#notifyClosed(tx, sub, now);
  }

  async #notifyClosed(tx: Storage, sub: Subscription, periodEnd: number): Promise<void> {
    const period: ClosedPeriod = {
      tenantId: sub.tenantId,
      subscriptionId: sub.id,
      planId: sub.planId,
      periodStart: sub.currentPeriodStart,
      periodEnd,
    };
    for (const listener of this.#closed) await listener(tx, period);
  }

  async #choosable(tx: Storage, ref: string): Promise<Plan> {
    const plan = await this.plans.resolve(tx, ref);
    if (!plan.active) {
      throw new AppError('VALIDATION_FAILED', {
        message: `The ${plan.code} plan is archived and takes no new subscribers.`,
        param: 'plan',
      });
    }
    return plan;
  }

  /** One change: read, decide, write conditionally (a concurrent change answers a conflict), audit. */
  async #write(
    tenantId: string,
    decide: (tx: Storage, current: Subscription | undefined, now: number) => Promise<Subscription>,
  ): Promise<SubscriptionView> {
    const view = await this.storage.transaction(async (tx) => {
      const current = await tx.subscriptions.getByTenant(tenantId);
      const next = await decide(tx, current, Date.now());
      if (!current) await tx.subscriptions.insert(next);
      else if (!(await tx.subscriptions.replace(next, current))) {
        throw conflict('The subscription changed meanwhile (a renewal or another change): try again.');
      }
      return this.#view(tx, next);
    });
    this.limits.invalidate(tenantId);
    return view;
  }

  async #view(tx: Storage, subscription: Subscription): Promise<SubscriptionView> {
    const plan = await this.plans.resolve(tx, subscription.planId);
    const pendingPlan = subscription.pendingPlanId
      ? await this.plans.resolve(tx, subscription.pendingPlanId)
      : null;
    return { subscription, plan, pendingPlan };
  }

  async #audit(
    tx: Storage,
    principal: Principal,
    action: string,
    sub: Subscription,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(tx, principal, {
      action,
      tenantId: sub.tenantId,
      target: { type: 'subscription', id: sub.id },
      details,
    });
  }
}
