import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export interface DownloadOptions extends ApiFlags {
  id: string;
  format?: 'pdf' | 'html';
  /** The file to write; `-` for stdout; default `<number>.<format>` in the current directory. */
  output?: string;
}

export async function run(options: DownloadOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const format = options.format ?? 'pdf';
  const bytes =
    format === 'pdf'
      ? await api.invoices.pdf(options.id)
      : new TextEncoder().encode(await api.invoices.html(options.id));
  if (options.output === '-') {
    // process.stdout takes bytes as well; the Streams type only names strings.
    ctx.stdout.write(Buffer.from(bytes) as unknown as string);
    return;
  }
  const file = options.output ?? `${(await api.invoices.get(options.id)).number}.${format}`;
  await writeFile(file, bytes);
  if (out.json) out.printJson({ id: options.id, format, file, bytes: bytes.byteLength });
  else out.info(`wrote ${file} (${bytes.byteLength} bytes)`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('download', 'download an invoice as PDF or HTML')
    .argument('<id>', 'invoice id (inv_…)')
    .addOption(new Option('--format <format>', 'pdf or html (default pdf)').choices(['pdf', 'html']))
    .option('-o, --output <file>', 'where to write it ("-" for stdout; default <number>.<format>)')
    .action((id: string, options: Omit<DownloadOptions, 'id'>) => run({ ...options, id }, ctx));
  return withExamples(
    cmd,
    'wagw invoices download inv_123',
    'wagw invoices download inv_123 --format html -o invoice.html',
    'wagw invoices download inv_123 -o - > invoice.pdf',
  );
}
