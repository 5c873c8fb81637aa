import type { NumberCheck } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type Column, Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';

export interface CheckOptions extends ApiFlags {
  session?: string;
}

const COLUMNS: readonly Column<NumberCheck>[] = [
  { header: 'PHONE', value: (r) => r.phone },
  { header: 'WHATSAPP', value: (r) => (r.on_whatsapp ? 'yes' : 'no') },
  { header: 'LID', value: (r) => r.lid ?? '-' },
];

/** Which numbers have WhatsApp (1–50), asked through a connected session. */
export async function run(phones: string[], options: CheckOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const results = await api.contacts.check(session, phones);
  if (out.json) out.printJson({ data: results });
  else out.table(results, COLUMNS, 'No numbers checked.');
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'check',
    'check which phone numbers have WhatsApp (1-50; the session must be connected)',
  )
    .argument('<phones...>', 'phone numbers in international format')
    .option('--session <id>', 'session id (ses_…)')
    .action((phones: string[], options: CheckOptions) => run(phones, options, ctx));
  return withExamples(
    cmd,
    'wagw contacts check +447700900123 +14155550100 --session ses_123',
    'wagw contacts check +447700900123 --session ses_123 --json',
  );
}
