import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../../command-kit.js';
import type { Context } from '../../../context.js';
import { Output } from '../../../output.js';

/** `suspend` and `reactivate` take a tenant id and print the tenant: one file for both. */
export type StatusAction = 'suspend' | 'reactivate';

export interface StatusOptions extends ApiFlags {
  id: string;
  action: StatusAction;
  reason?: string;
}

export async function run(options: StatusOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const tenant =
    options.action === 'suspend'
      ? await api.admin.tenants.suspend(options.id, options.reason ? { reason: options.reason } : {})
      : await api.admin.tenants.reactivate(options.id);
  if (out.json) {
    out.printJson(tenant);
    return;
  }
  out.fields([
    ['id', tenant.id],
    ['name', tenant.name],
    ['status', tenant.status],
    ...(tenant.suspended_reason ? ([['reason', tenant.suspended_reason]] as [string, string][]) : []),
  ]);
}

export function command(ctx: Context, action: StatusAction): Command {
  const cmd = apiCommand(
    action,
    action === 'suspend'
      ? 'suspend a tenant: its every request is refused until it is reactivated (its running sessions stay)'
      : 'reactivate a suspended tenant',
  ).argument('<tenant-id>', 'tenant id (ten_…)');
  if (action === 'suspend') cmd.option('--reason <text>', 'why (kept with the tenant and in the audit log)');
  cmd.action((id: string, options: Omit<StatusOptions, 'id' | 'action'>) =>
    run({ ...options, id, action }, ctx),
  );
  return withExamples(
    cmd,
    action === 'suspend'
      ? 'wagw admin tenants suspend ten_123 --reason "unpaid"'
      : 'wagw admin tenants reactivate ten_123',
  );
}
