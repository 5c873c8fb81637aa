import { constants, openAsBlob } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';

export interface UploadOptions extends ApiFlags {
  name?: string;
  type?: string;
}

/** Uploads a file from disk (streamed, never read into memory whole) and prints its media id. */
export async function run(file: string, options: UploadOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  let blob: Blob;
  try {
    // stat first: openAsBlob's own error does not say why (missing, a directory, no permission).
    if (!(await stat(file)).isFile())
      throw Object.assign(new Error('not a file'), { code: 'not a regular file' });
    await access(file, constants.R_OK);
    blob = await openAsBlob(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const api = await ctx.api(options);
  const media = await api.media.upload({
    file: blob,
    filename: options.name ?? basename(file),
    ...(options.type && { contentType: options.type }),
  });
  if (out.json) out.printJson(media);
  else out.line(`${media.id}  ${media.content_type}  ${media.size} bytes`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('upload', 'upload a media file to send (prints its id)')
    .argument('<file>', 'the file')
    .option('--name <name>', 'the file name recipients see (default: the file’s own)')
    .option('--type <mime>', 'its type, for text/plain or text/csv (others are read from the bytes)')
    .action((file: string, options: UploadOptions) => run(file, options, ctx));
  return withExamples(
    cmd,
    'wagw media upload photo.jpg',
    'wagw media upload list.csv --type text/csv --json',
  );
}
