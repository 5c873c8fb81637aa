import { writeFile } from 'node:fs/promises';
import type { MessageExportParams } from '@wagw/sdk';
import type { Command } from 'commander';
import { Option } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';

export interface ExportOptions extends ApiFlags {
  session?: string;
  format?: 'jsonl' | 'csv';
  chat?: string;
  since?: string;
  until?: string;
  query?: string;
  /** The file to write; `-` (default) for stdout. */
  output?: string;
}

/** Writes a chat or a time range of a session's messages as JSON Lines or CSV, oldest first. */
export async function run(options: ExportOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const format = options.format ?? 'jsonl';
  const params: MessageExportParams = {
    format,
    ...(options.chat && { chat: options.chat }),
    ...(options.since && { since: options.since }),
    ...(options.until && { until: options.until }),
    ...(options.query && { q: options.query }),
  };
  const bytes = await api.messages.export(session, params);
  if (options.output === undefined || options.output === '-') {
    // process.stdout takes bytes as well; the Streams type only names strings.
    ctx.stdout.write(Buffer.from(bytes) as unknown as string);
    return;
  }
  await writeFile(options.output, bytes);
  if (out.json) out.printJson({ session, format, file: options.output, bytes: bytes.byteLength });
  else out.info(`wrote ${options.output} (${bytes.byteLength} bytes)`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('export', "export a session's messages (a chat, a time range) as JSON Lines or CSV")
    .option('--session <id>', 'session id (ses_…)')
    .addOption(new Option('--format <format>', 'jsonl or csv (default jsonl)').choices(['jsonl', 'csv']))
    .option('--chat <phone>', 'only the chat with this number')
    .option('--since <time>', 'created at or after (ISO 8601)')
    .option('--until <time>', 'created before (ISO 8601)')
    .option('--query <words>', 'only messages with these words')
    .option('-o, --output <file>', 'where to write it (default stdout)')
    .action((options: ExportOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw messages export --session ses_123 --chat +14155550100 --format csv -o chat.csv',
    'wagw messages export --session ses_123 --since 2026-12-01 --until 2026-12-02 > day.jsonl',
  );
}
