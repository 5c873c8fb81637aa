import type { SessionProfile } from '@wagw/sdk';
import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { Output } from '../../output.js';
import { sessionFor } from '../sessions/use.js';

export interface ProfileOptions extends ApiFlags {
  session?: string;
  name?: string;
  about?: string;
  picture?: string;
  presence?: string;
}

/** Shows the session's own profile, after the changes asked for. */
export async function run(options: ProfileOptions, ctx: Context): Promise<void> {
  if (options.presence !== undefined && !['available', 'unavailable'].includes(options.presence)) {
    throw new UsageError('--presence is available or unavailable');
  }
  const out = new Output(ctx, options.json === true);
  const api = await ctx.api(options);
  const session = await sessionFor(ctx, options.session);
  if (options.name !== undefined || options.about !== undefined) {
    await api.profiles.update(session, {
      ...(options.name !== undefined && { name: options.name }),
      ...(options.about !== undefined && { about: options.about }),
    });
  }
  if (options.picture !== undefined) {
    await api.profiles.setPicture(session, options.picture === 'none' ? null : options.picture);
  }
  if (options.presence !== undefined) {
    await api.profiles.setPresence(session, options.presence as 'available' | 'unavailable');
  }
  const profile: SessionProfile = await api.profiles.get(session);
  if (out.json) {
    out.printJson(profile);
    return;
  }
  out.fields([
    ['phone', profile.phone],
    ['name', profile.name],
    ['about', profile.about],
    ['picture', profile.picture_url],
  ]);
}

export function command(ctx: Context): Command {
  const cmd = apiCommand('profile', "show or change the session's own WhatsApp profile and presence")
    .option('--session <id>', 'session id (ses_…)')
    .option('--name <name>', 'the push name contacts see (1–25 characters)')
    .option('--about <text>', 'the about text (up to 139 characters; "" clears it)')
    .option('--picture <media_id>', 'an uploaded JPEG or PNG (wagw media upload), or "none" to remove it')
    .option('--presence <state>', 'available (online) or unavailable (offline)')
    .action((options: ProfileOptions) => run(options, ctx));
  return withExamples(
    cmd,
    'wagw profile',
    'wagw profile --name "Acme Support" --about "We answer within the hour"',
    'wagw profile --picture $(wagw media upload logo.png --json | jq -r .id)',
    'wagw profile --presence unavailable',
  );
}
