import type { AuditEntry } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type Column, Output } from '../../output.js';

export interface AuditOptions extends ApiFlags {
  tenant?: string;
  action?: string;
  limit?: number;
}

const COLUMNS: readonly Column<AuditEntry>[] = [
  { header: 'TIME', value: (e) => e.created_at },
  { header: 'TENANT', value: (e) => e.tenant_id ?? '-' },
  { header: 'ACTOR', value: (e) => `${e.actor.type}${e.actor.id ? ` ${e.actor.id}` : ''}` },
  { header: 'ACTION', value: (e) => e.action },
  { header: 'TARGET', value: (e) => (e.target ? `${e.target.type} ${e.target.id ?? ''}`.trim() : '-') },
  { header: 'IP', value: (e) => e.ip ?? '-' },
];

export async function run(options: AuditOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const page = await api.admin.auditLog.list({
    ...(options.tenant ? { tenant_id: options.tenant } : {}),
    ...(options.action ? { action: options.action } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  });
  if (out.json) out.printJson({ data: page.data, has_more: page.has_more });
  else out.table(page.data, COLUMNS, 'No audit entries.');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('audit', "read every tenant's audit log, newest first (admin key)")
    .option('--tenant <tenant-id>', 'only this tenant')
    .option('--action <action>', 'only this action, e.g. api_key.rotated')
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .action((options: AuditOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw admin audit',
    'wagw admin audit --tenant ten_123 --action tenant.suspended --json',
  );
}
