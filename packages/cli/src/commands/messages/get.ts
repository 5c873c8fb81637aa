import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printMessage } from './render.js';

export interface GetOptions extends ApiFlags {
  id: string;
}

export async function run(options: GetOptions, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  printMessage(new Output(ctx, options.json === true), await api.messages.get(options.id));
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('get', 'show a message and its delivery status')
    .argument('<id>', 'message id (msg_…)')
    .action((id: string, options: ApiFlags) => run({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw messages get msg_123', 'wagw messages get msg_123 --json | jq -r .status');
}
