import type { Command } from 'commander';
import { type ApiFlags, apiCommand, withExamples } from '../../command-kit.js';
import type { Context } from '../../context.js';
import { Output } from '../../output.js';
import { printSession } from './render.js';

/**
 * `start`, `stop`, `restart` and `logout` are one POST each with the same input and output, so
 * they share this file instead of four copies differing in one word.
 */
export type LifecycleAction = 'start' | 'stop' | 'restart' | 'logout';

export interface LifecycleOptions extends ApiFlags {
  id: string;
  action: LifecycleAction;
}

const DESCRIPTIONS: Record<LifecycleAction, string> = {
  start: 'start a stopped session (shows a QR code to pair if it is not linked yet)',
  stop: 'stop a session; it stays linked and can be started again',
  restart: 'stop and start a session',
  logout: 'unlink the WhatsApp account; pairing again needs a new QR scan',
};

export async function run(options: LifecycleOptions, ctx: Context): Promise<void> {
  const api = await ctx.api(options);
  const session = await api.sessions[options.action](options.id);
  printSession(new Output(ctx, options.json === true), session);
}

export function command(ctx: Context, action: LifecycleAction): Command {
  const cmd = apiCommand(action, DESCRIPTIONS[action])
    .argument('<id>', 'session id (ses_…)')
    .action((id: string, options: ApiFlags) => run({ ...options, id, action }, ctx));
  return withExamples(cmd, `wagw sessions ${action} ses_123`);
}
