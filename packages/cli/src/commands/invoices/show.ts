import type { Invoice } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type Column, Output } from '../../output.js';
import { money } from './columns.js';

export interface ShowOptions extends ApiFlags {
  id: string;
}

type Line = Invoice['lines'][number];

/** An invoice as `key: value` lines and a table of its lines (show, pay, void). */
export function printInvoice(out: Output, invoice: Invoice): void {
  if (out.json) {
    out.printJson(invoice);
    return;
  }
  out.fields([
    ['id', invoice.id],
    ['number', invoice.number],
    ['tenant', invoice.tenant_id],
    ['period', `${invoice.period_start} .. ${invoice.period_end}`],
    ['status', invoice.status],
    ['issued', invoice.issued_at],
    ['paid', invoice.paid_at],
    ['voided', invoice.voided_at],
    [
      'payment',
      invoice.payment_provider ? `${invoice.payment_provider} ${invoice.payment_reference ?? ''}` : null,
    ],
    ['total', money(invoice.total_cents, invoice.currency)],
  ]);
  out.line();
  const columns: readonly Column<Line>[] = [
    { header: 'DESCRIPTION', value: (l) => l.description, maxWidth: 60 },
    { header: 'QTY', value: (l) => l.quantity },
    { header: 'UNIT', value: (l) => money(l.unit_cents, invoice.currency) },
    { header: 'AMOUNT', value: (l) => money(l.amount_cents, invoice.currency) },
  ];
  out.table(invoice.lines, columns, '(no lines)');
}

export async function run(options: ShowOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  printInvoice(out, await api.invoices.get(options.id));
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('show', 'show an invoice with its lines')
    .argument('<id>', 'invoice id (inv_…)')
    .action((id: string, options: Omit<ShowOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw invoices show inv_123', 'wagw invoices show inv_123 --json');
}
