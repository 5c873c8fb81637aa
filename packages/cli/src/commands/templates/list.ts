import type { Template } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, integer, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { type Column, Output } from '../../output.js';

export interface ListOptions extends ApiFlags {
  limit?: number;
  startingAfter?: string;
}

const COLUMNS: readonly Column<Template>[] = [
  { header: 'ID', value: (t) => t.id },
  { header: 'NAME', value: (t) => t.name, maxWidth: 30 },
  { header: 'TYPE', value: (t) => t.body.type },
  { header: 'VARIABLES', value: (t) => t.variables.join(','), maxWidth: 40 },
  { header: 'UPDATED', value: (t) => t.updated_at },
];

export async function run(options: ListOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const page = await api.templates.list({
    ...(options.limit !== undefined && { limit: options.limit }),
    ...(options.startingAfter !== undefined && { starting_after: options.startingAfter }),
  });
  if (out.json) {
    out.printJson({ data: page.data, has_more: page.has_more });
    return;
  }
  out.table(
    page.data,
    COLUMNS,
    'No templates. Add one: wagw templates create --name <name> --text "Hi {{name}}"',
  );
  const last = page.data.at(-1);
  if (page.has_more && last) out.info(`\nMore: wagw templates list --starting-after ${last.id}`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('list', 'list message templates')
    .option('--limit <n>', 'how many (1-100, default 20)', integer(1, 100))
    .option('--starting-after <id>', 'the page after this template (tpl_…)')
    .action((options: ListOptions) => run(options, ctx));
  return withExamples(cmd, 'wagw templates list', 'wagw templates list --json', 'wagw templates list -q');
}
