import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printInvoice } from './show.js';

export interface SettleOptions extends ApiFlags {
  id: string;
  reference?: string;
}

export async function runPay(options: SettleOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const invoice = await api.invoices.pay(
    options.id,
    options.reference !== undefined ? { reference: options.reference } : {},
  );
  printInvoice(out, invoice);
}

export async function runVoid(options: SettleOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  printInvoice(out, await api.invoices.void(options.id));
}

export function payCommand(ctx: Context): Command {
  const cmd = apiCommand('pay', 'record the payment of an open invoice (manual payment provider)')
    .argument('<id>', 'invoice id (inv_…)')
    .option('--reference <ref>', 'the payment reference (a bank transfer id, …)')
    .action((id: string, options: Omit<SettleOptions, 'id'>) => runPay({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw admin invoices pay inv_123 --reference SEPA-2026-11-42');
}

export function voidCommand(ctx: Context): Command {
  const cmd = apiCommand('void', 'void an open invoice (a paid one cannot be voided)')
    .argument('<id>', 'invoice id (inv_…)')
    .action((id: string, options: Omit<SettleOptions, 'id'>) => runVoid({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw admin invoices void inv_123');
}
