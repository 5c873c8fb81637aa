import { monthOf } from './billing-period.js';
import type { Plan, Subscription } from './plan-types.js';

const DAY_MS = 86_400_000;

/** A subscription starting now on `plan`: a trial when the plan has one and the tenant never had one. */
export function startOn(
  plan: Plan,
  now: number,
  base: Pick<Subscription, 'id' | 'tenantId' | 'createdAt' | 'trialEnd'>,
  allowTrial = true,
): Subscription {
  const trial = allowTrial && plan.trialDays > 0 && base.trialEnd === null;
  const end = trial ? now + plan.trialDays * DAY_MS : monthOf(now).end;
  return {
    ...base,
    planId: plan.id,
    status: trial ? 'trialing' : 'active',
    currentPeriodStart: now,
    currentPeriodEnd: end,
    trialEnd: trial ? end : base.trialEnd,
    cancelAtPeriodEnd: false,
    pendingPlanId: null,
    canceledAt: null,
    updatedAt: now,
  };
}

/** The same subscription on another plan from now on: the current period ends now, a new one starts. */
export function switchNow(current: Subscription, plan: Plan, now: number): Subscription {
  return {
    ...current,
    planId: plan.id,
    status: 'active',
    currentPeriodStart: now,
    currentPeriodEnd: monthOf(now).end,
    trialEnd: current.status === 'trialing' ? now : current.trialEnd,
    cancelAtPeriodEnd: false,
    pendingPlanId: null,
    canceledAt: null,
    updatedAt: now,
  };
}

/**
 * The subscription after its current period ended: the next calendar month (after a trial, the
 * rest of the month the trial ended in), on the pending plan if one was chosen. A cancellation
 * takes effect: onto `fallback` (the default plan) when there is one, else the subscription ends.
 */
export function rolledOver(current: Subscription, fallback: Plan | undefined, now: number): Subscription {
  const start = current.currentPeriodEnd;
  const base = { ...current, pendingPlanId: null, updatedAt: now };
  if (current.cancelAtPeriodEnd && !fallback) {
    return { ...base, status: 'canceled', cancelAtPeriodEnd: false };
  }
  return {
    ...base,
    planId: current.cancelAtPeriodEnd && fallback ? fallback.id : (current.pendingPlanId ?? current.planId),
    status: 'active',
    currentPeriodStart: start,
    currentPeriodEnd: monthOf(start).end,
    cancelAtPeriodEnd: false,
    canceledAt: current.cancelAtPeriodEnd ? null : current.canceledAt,
  };
}
