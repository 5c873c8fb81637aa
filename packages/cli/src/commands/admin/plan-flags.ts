import type { PlanCreateParams } from '@wagw/sdk';
import { type Command, InvalidArgumentError } from 'commander';
import { integer } from '../../command-kit.js';

/** The plan flags `admin plans create` and `update` share, as commander options. */
export interface PlanFlags {
  name?: string;
  priceCents?: number;
  currency?: string;
  requestsPerMinute?: number;
  maxSessions?: number;
  monthlyMessages?: number | null;
  overageCents?: number | null;
  maxWebhooks?: number;
  webhookDeliveriesPerMinute?: number;
  trialDays?: number;
}

const orNone = (word: string) => (value: string) => {
  if (value === word) return null;
  try {
    return integer(0)(value);
  } catch {
    throw new InvalidArgumentError(`expected a non-negative integer or "${word}".`);
  }
};

export function withPlanFlags(cmd: Command): Command {
  return cmd
    .option('--name <name>', 'display name')
    .option('--price-cents <n>', 'price per month in cents', integer(0))
    .option('--currency <code>', 'ISO 4217 code, e.g. USD')
    .option('--requests-per-minute <n>', 'API requests a minute', integer(1))
    .option('--max-sessions <n>', 'sessions at once', integer(0))
    .option('--monthly-messages <n|unlimited>', 'messages a month', orNone('unlimited'))
    .option(
      '--overage-cents <n|none>',
      'price per message over the quota; none: a hard limit',
      orNone('none'),
    )
    .option('--max-webhooks <n>', 'webhook endpoints', integer(0))
    .option(
      '--webhook-deliveries-per-minute <n>',
      'webhook deliveries a minute (not enforced yet)',
      integer(1),
    )
    .option('--trial-days <n>', 'trial length for new subscribers', integer(0, 365));
}

/** The API's field names for the flags that were given. */
export function planFields(flags: PlanFlags): Partial<PlanCreateParams> {
  const fields: Partial<PlanCreateParams> = {
    name: flags.name,
    price_cents: flags.priceCents,
    currency: flags.currency,
    requests_per_minute: flags.requestsPerMinute,
    max_sessions: flags.maxSessions,
    monthly_messages: flags.monthlyMessages,
    overage_cents_per_message: flags.overageCents,
    max_webhook_endpoints: flags.maxWebhooks,
    webhook_deliveries_per_minute: flags.webhookDeliveriesPerMinute,
    trial_days: flags.trialDays,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
