import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export interface GetOptions extends ApiFlags {
  /** The file to write; `-` for stdout; default the file's own name (else its id). */
  output?: string;
}

/** Downloads a media file; with `--json`, prints what it is instead of writing it. */
export async function run(id: string, options: GetOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const info = await api.media.info(id);
  if (out.json && options.output === undefined) {
    out.printJson(info);
    return;
  }
  const bytes = await api.media.download(id);
  if (options.output === '-') {
    // process.stdout takes bytes as well; the Streams type only names strings.
    ctx.stdout.write(Buffer.from(bytes) as unknown as string);
    return;
  }
  // Only the last path segment of a stored name, so a name cannot write outside this directory.
  const file = options.output ?? (info.filename?.split(/[\\/]/).pop() || info.id);
  await writeFile(file, bytes);
  if (out.json) out.printJson({ ...info, file });
  else out.info(`wrote ${file} (${bytes.byteLength} bytes, ${info.content_type})`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('get', 'download a media file (with --json and no -o: what it is)')
    .argument('<id>', 'media id (med_…)')
    .option('-o, --output <file>', 'where to write it ("-" for stdout; default its file name)')
    .action((id: string, options: GetOptions) => run(id, options, ctx));
  return withExamples(
    cmd,
    'wagw media get med_123',
    'wagw media get med_123 -o - > photo.jpg',
    'wagw media get med_123 --json',
  );
}
