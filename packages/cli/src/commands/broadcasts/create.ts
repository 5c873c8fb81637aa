import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, commaList, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { watchBroadcast } from './progress.js';
import { printBroadcast } from './render.js';

export interface CreateOptions extends ApiFlags {
  session?: string;
  name?: string;
  /** A CSV file: a header row with a `phone` column; the other columns are variables. */
  csv?: string;
  /** Or recipients on the command line (no variables). */
  to?: string[];
  text?: string;
  template?: string;
  perMinute?: number;
  /** Return once it is created instead of following it. */
  detach?: boolean;
}

/**
 * Creates a broadcast from a CSV (or `--to` numbers) and a text or template, then follows it on a
 * progress bar until every recipient's message is out (unless `--detach` or `--json`).
 */
export async function run(options: CreateOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  if ((options.csv === undefined) === (options.to === undefined)) {
    throw new UsageError('give the recipients with --csv FILE or --to +1555…,+1555…');
  }
  if ((options.text === undefined) === (options.template === undefined)) {
    throw new UsageError('give the message with --text "Hi {{name}}" or --template tpl_…');
  }
  let csv: string | undefined;
  if (options.csv !== undefined) {
    try {
      csv = await readFile(options.csv, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --csv ${options.csv}: ${(error as Error).message}`);
    }
  }
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const created = await api.broadcasts.create({
    session_id: session,
    ...(options.name && { name: options.name }),
    ...(options.text !== undefined && { message: { type: 'text' as const, text: options.text } }),
    ...(options.template !== undefined && { template_id: options.template }),
    ...(csv !== undefined && { csv }),
    ...(options.to && { recipients: options.to.map((to) => ({ to })) }),
    ...(options.perMinute !== undefined && { per_minute: options.perMinute }),
  });
  if (out.json || options.detach) {
    if (out.json) out.printJson(created);
    else
      out.line(
        `${created.id} ${created.status}: ${created.progress.total} recipients (follow: wagw broadcasts watch ${created.id})`,
      );
    return;
  }
  out.info(
    `${created.id}: ${created.progress.total} recipients at ${created.per_minute}/min (Ctrl-C detaches; it goes on)`,
  );
  printBroadcast(out, await watchBroadcast(api, created.id, ctx, out));
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('create', 'send one message to many recipients, at a pace, with progress')
    .option('--session <id>', 'session to send from (ses_…; default: `wagw sessions use`)')
    .option('--csv <file>', 'recipients: a CSV with a phone column; other columns fill in {{placeholders}}')
    .option('--to <phones>', 'or recipients as a comma-separated list', commaList)
    .option('--text <text>', 'the message, with {{column}} placeholders')
    .option('--template <id>', 'or a template (tpl_…)')
    .option('--name <name>', 'a name to find it by')
    .option('--per-minute <n>', 'recipients queued a minute (default 20, with ±30% jitter)', integer(1, 6000))
    .option('--detach', 'print the broadcast and return instead of following it')
    .action((options: CreateOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw broadcasts create --csv customers.csv --text "Hi {{first_name}}, order {{order}} shipped"',
    'wagw broadcasts create --csv customers.csv --template tpl_123 --per-minute 10 --name december',
    'wagw broadcasts create --to +15551234567,+15557654321 --text "Office closed today" --detach',
  ).addHelpText(
    'after',
    '\nEvery row is checked first: a bad or repeated number, or an empty {{placeholder}} column, refuses the whole\nbroadcast with the row numbers. It runs on the server and survives restarts; Ctrl-C only stops following it.',
  );
}
