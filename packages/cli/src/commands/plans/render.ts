import type { Plan, Subscription } from '@wagw/sdk';
import type { Column, Output } from '../../output.js';

const money = (cents: number | null, currency: string) =>
  cents === null ? null : `${(cents / 100).toFixed(2)} ${currency}`;

export const PLAN_COLUMNS: readonly Column<Plan>[] = [
  { header: 'CODE', value: (p) => p.code },
  { header: 'NAME', value: (p) => p.name, maxWidth: 20 },
  { header: 'PRICE/MONTH', value: (p) => money(p.price_cents, p.currency) },
  { header: 'REQ/MIN', value: (p) => p.requests_per_minute },
  { header: 'SESSIONS', value: (p) => p.max_sessions },
  { header: 'MESSAGES/MONTH', value: (p) => p.monthly_messages ?? 'unlimited' },
  { header: 'OVERAGE/MSG', value: (p) => money(p.overage_cents_per_message, p.currency) ?? 'hard limit' },
  { header: 'WEBHOOKS', value: (p) => p.max_webhook_endpoints },
  { header: 'TRIAL', value: (p) => (p.trial_days > 0 ? `${p.trial_days}d` : null) },
  { header: 'ACTIVE', value: (p) => (p.active ? 'yes' : 'archived') },
];

export function printPlan(out: Output, plan: Plan): void {
  if (out.json) {
    out.printJson(plan);
    return;
  }
  out.table([plan], PLAN_COLUMNS, '');
}

/** A subscription as `key: value` lines, or as JSON. */
export function printSubscription(out: Output, s: Subscription): void {
  if (out.json) {
    out.printJson(s);
    return;
  }
  out.fields([
    ['plan', `${s.plan.name} (${s.plan.code})`],
    ['status', s.status],
    ['period', `${s.current_period_start} → ${s.current_period_end}`],
    ['trial end', s.trial_end],
    ['cancels at period end', s.cancel_at_period_end],
    ['next plan', s.pending_plan ? `${s.pending_plan.name} (${s.pending_plan.code})` : null],
    ['id', s.id],
  ]);
}
