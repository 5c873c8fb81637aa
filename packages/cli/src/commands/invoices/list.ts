import type { Command } from 'commander';
import { Option } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { INVOICE_COLUMNS, INVOICE_STATUSES } from './columns.js';

export interface ListOptions extends ApiFlags {
  limit?: number;
  status?: (typeof INVOICE_STATUSES)[number];
  /** `wagw admin invoices list`: every tenant's, optionally one tenant's. */
  all?: boolean;
  tenant?: string;
}

export async function run(options: ListOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const params = {
    ...(options.limit !== undefined && { limit: options.limit }),
    ...(options.status !== undefined && { status: options.status }),
  };
  const page = options.all
    ? await api.invoices.listAll({
        ...params,
        ...(options.tenant !== undefined && { tenant_id: options.tenant }),
      })
    : await api.invoices.list(params);
  if (out.json) return out.printJson({ data: page.data, has_more: page.has_more });
  out.table(page.data, INVOICE_COLUMNS, 'No invoices yet.');
}

function listCommand(ctx: Context, all: boolean): Command {
  const cmd = apiCommand(
    'list',
    all ? "list every tenant's invoices, newest first" : 'list your invoices, newest first',
  )
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .addOption(new Option('--status <status>', 'only open, paid or void ones').choices(INVOICE_STATUSES));
  if (all) cmd.option('--tenant <id>', "only this tenant's (ten_…)");
  return cmd.action((options: ListOptions) => run({ ...options, all }, ctx));
}

export function command(ctx: Context): Command {
  return withExamples(
    listCommand(ctx, false),
    'wagw invoices list',
    'wagw invoices list --status open --json',
  );
}

export function adminCommand(ctx: Context): Command {
  return withExamples(
    listCommand(ctx, true),
    'wagw admin invoices list --status open',
    'wagw admin invoices list --tenant ten_123 --json',
  );
}
