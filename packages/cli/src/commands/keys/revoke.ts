import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';

export interface RevokeOptions extends ApiFlags {
  id: string;
}

export async function run(options: RevokeOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const key = await api.apiKeys.revoke(options.id);
  if (out.json) out.printJson(key);
  else out.line(`Revoked ${key.id} (${key.name}).`);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('revoke', 'revoke an API key at once')
    .argument('<id>', 'API key id (key_…)')
    .action((id: string, options: ApiFlags) => run({ ...options, id }, ctx));
  return withExamples(cmd, 'wagw keys revoke key_123');
}
