import type { GroupUpdateParams } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';
import { GROUP_ARGUMENT, printGroup } from './render.js';

export interface UpdateOptions extends ApiFlags {
  session?: string;
  subject?: string;
  description?: string;
  announce?: boolean;
  locked?: boolean;
}

/** The PATCH body the flags ask for; a usage error when they ask for nothing. */
export function changes(options: UpdateOptions): GroupUpdateParams {
  const patch: GroupUpdateParams = {
    ...(options.subject !== undefined && { subject: options.subject }),
    ...(options.description !== undefined && { description: options.description }),
    ...(options.announce !== undefined && { announce: options.announce }),
    ...(options.locked !== undefined && { locked: options.locked }),
  };
  if (Object.keys(patch).length === 0) {
    throw new UsageError(
      'nothing to change: give --subject, --description, --announce/--no-announce or --locked/--no-locked',
    );
  }
  return patch;
}

/** Changes a group's subject, description or settings. */
export async function run(group: string, options: UpdateOptions, ctx: Context): Promise<void> {
  const out = new Output(ctx, options.json === true);
  const patch = changes(options);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  const updated = await api.groups.update(session, group, patch);
  if (out.json) out.printJson(updated);
  else printGroup(out, updated);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand(
    'update',
    "change a group's subject, description or settings (the session must be connected; an admin to change the settings, or anything in a locked group)",
  )
    .argument('<group>', GROUP_ARGUMENT)
    .option('--session <id>', 'session id (ses_…)')
    .option('--subject <text>', 'a new subject (1-100 characters)')
    .option('--description <text>', 'a new description; "" removes it')
    .option('--announce', 'only admins send messages')
    .option('--no-announce', 'every member sends messages')
    .option('--locked', 'only admins change the subject, description and picture')
    .option('--no-locked', 'every member changes the subject, description and picture')
    .action((group: string, options: UpdateOptions) => run(group, options, ctx));
  return withExamples(
    cmd,
    'wagw groups update 120363012345678901@g.us --subject "Release crew" --session ses_123',
    'wagw groups update 120363012345678901@g.us --announce --locked --session ses_123',
    'wagw groups update 120363012345678901@g.us --description "" --no-announce --session ses_123',
  );
}
